import type { ChatCompletionTool } from 'openai/resources/chat/completions';

/** The task the agent pins a model for and then works through. */
export const TASK =
  'Write the SQL migration that moves the orders table from MySQL to PostgreSQL: inspect the schema, ' +
  'count the rows, then write the CREATE TABLE and the copy statements.';

/** The agent's own tools (simulated results); the model decides when to call them. */
export const AGENT_TOOLS: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'inspect_schema',
      description: 'Columns and types of a table in the source MySQL database.',
      parameters: {
        type: 'object',
        properties: { table: { type: 'string', description: 'Table name, e.g. orders' } },
        required: ['table'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'count_rows',
      description: 'Number of rows in a table of the source database.',
      parameters: {
        type: 'object',
        properties: { table: { type: 'string' } },
        required: ['table'],
      },
    },
  },
];

const SCHEMAS: Record<string, string> = {
  orders:
    'id BIGINT PK, customer_id BIGINT, total DECIMAL(10,2), status ENUM(new,paid,shipped), created_at DATETIME',
  customers: 'id BIGINT PK, email VARCHAR(255) UNIQUE, created_at DATETIME',
};

/** Runs one tool call locally; unknown tools and bad arguments answer with an error the model can read. */
export function runAgentTool(name: string, rawArguments: string): string {
  let args: { table?: unknown };
  try {
    args = JSON.parse(rawArguments || '{}') as { table?: unknown };
  } catch {
    return JSON.stringify({ error: 'arguments are not valid JSON' });
  }
  const table = typeof args.table === 'string' ? args.table : 'orders';
  if (name === 'inspect_schema') {
    return JSON.stringify({ table, columns: SCHEMAS[table] ?? SCHEMAS.orders });
  }
  if (name === 'count_rows')
    return JSON.stringify({ table, rows: table === 'customers' ? 48_210 : 1_204_377 });
  return JSON.stringify({ error: `unknown tool ${name}` });
}

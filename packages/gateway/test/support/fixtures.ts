import type { ChatMessage } from '../../src/protocol/openai.ts';

/**
 * A two-model config with a code route and a reasoning route (OpenAI and Anthropic upstreams,
 * both pointed at sim-models by `startTestGateway`). `openai/gpt-4o` is the default.
 */
export const RESEARCH_CONFIG = `
version: v0.3.0
listeners:
  - type: model
    port: 12000
model_providers:
  - model: openai/gpt-4o
    access_key: $OPENAI_API_KEY
    default: true
  - model: anthropic/claude-sonnet-4
    access_key: $ANTHROPIC_API_KEY
routing_preferences:
  - name: code_generation
    description: generating new code, implementing functions, classes, SQL schemas and ORM models
    models: [anthropic/claude-sonnet-4]
  - name: complex_reasoning
    description: deep analysis, comparing options, evaluating trade-offs and recommending a choice
    models: [openai/gpt-4o]
model_aliases:
  smart:
    target: openai/gpt-4o
`;

/** The model each route of `RESEARCH_CONFIG` serves. */
export const RESEARCH_ROUTES = {
  code_generation: 'anthropic/claude-sonnet-4',
  complex_reasoning: 'openai/gpt-4o',
} as const;

/** What the agent says before each step of the research loop: code, reasoning, code, reasoning, code. */
export const RESEARCH_STEPS = [
  'Implement SQLAlchemy models for the orders and customers tables.',
  'Now let me compare and analyse the trade-offs of the two designs.',
  'Let me write the migration function that creates these tables.',
  'Now let me assess which design is better for reporting and why.',
  'Let me generate the final query code for the monthly report.',
] as const;

/**
 * The conversation an agent sends at step `n` (0-based) of the research loop: the user's task,
 * then for every earlier step the assistant's stated next step, a tool call and its result. Step 0
 * is the user message alone; later steps end with the assistant's new intent and a tool result.
 */
export function researchConversation(n: number): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'You are a research agent. Use tools.' },
    { role: 'user', content: RESEARCH_STEPS[0] },
  ];
  for (let i = 1; i <= n; i++) {
    const id = `call_${i}`;
    messages.push(
      {
        role: 'assistant',
        content: RESEARCH_STEPS[i] ?? '',
        tool_calls: [{ id, type: 'function', function: { name: 'run_step', arguments: `{"step":${i}}` } }],
      },
      { role: 'tool', tool_call_id: id, content: `result of step ${i}` },
    );
  }
  return messages;
}

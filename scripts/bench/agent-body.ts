/**
 * Request bodies shaped like a coding agent's history: a system prompt, tool definitions, then
 * turns of user text, assistant tool calls (JSON-encoded arguments) and tool results (file
 * contents with quotes, backslashes, newlines and non-ASCII), repeated until the body reaches the
 * requested size. Deterministic, so every target in a run gets the same bytes.
 */

/** Context sizes the benchmark compares. */
export const CONTEXT_SIZES = [
  { label: '1 KB', bytes: 1024 },
  { label: '100 KB', bytes: 100 * 1024 },
  { label: '1 MB', bytes: 1024 * 1024 },
] as const;

const SOURCE = [
  'export function parseDate(input: string): Date | undefined {',
  '  const m = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(input.trim());',
  '  if (!m) return undefined; // "YYYY-MM-DD" only — no locale guessing',
  '  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));',
  '}',
  '\tconst path = "C:\\\\Users\\\\dev\\\\src\\\\index.ts"; // Ünïcödé ✓',
].join('\n');

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a file from the workspace',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'run_tests',
      description: 'Run the test suite and return its output',
      parameters: { type: 'object', properties: { filter: { type: 'string' } } },
    },
  },
];

/** One turn: the user asks, the assistant calls a tool, the tool answers, the assistant replies. */
function turn(i: number, resultLines: number): unknown[] {
  const id = `call_${i.toString(36).padStart(6, '0')}`;
  const result = Array.from({ length: resultLines }, () => SOURCE).join('\n');
  return [
    { role: 'user', content: `Step ${i}: fix the failing date test in src/date-${i}.ts, keep the API.` },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id,
          type: 'function',
          function: { name: 'read_file', arguments: JSON.stringify({ path: `src/date-${i}.ts` }) },
        },
      ],
    },
    { role: 'tool', tool_call_id: id, content: result },
    { role: 'assistant', content: `Read src/date-${i}.ts; the regex rejects padded input. Patching.` },
  ];
}

/**
 * An OpenAI chat-completions body of about `bytes` bytes (never less than one turn) for `model`,
 * ending with a user message so the conversation is the agent's next request.
 */
export function agentHistoryBody(model: string, bytes: number, extra: Record<string, unknown> = {}): string {
  const messages: unknown[] = [
    { role: 'system', content: 'You are a careful coding agent. Use the tools; keep answers short.' },
  ];
  const base = { model, tools: TOOLS, ...extra };
  // Small bodies get short tool results; large ones ~2 KB results, like reading source files.
  const resultLines = bytes <= 4096 ? 1 : 4;
  let size = JSON.stringify({ ...base, messages }).length;
  for (let i = 0; size < bytes || i === 0; i++) {
    const t = turn(i, resultLines);
    const added = JSON.stringify(t).length;
    if (i > 0 && size + added > bytes) break;
    messages.push(...t);
    size += added;
  }
  messages.push({ role: 'user', content: 'Give a short reply: ok.' });
  return JSON.stringify({ ...base, messages });
}

import type { FuzzKind } from './fuzz-kinds.ts';

/** The error body shape an endpoint answers with. */
export type ErrorFormat = 'openai' | 'anthropic' | 'jsonrpc';

/** An endpoint under attack: a valid body to mutate and, per field, values its schema must reject. */
export interface FuzzEndpoint {
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  format: ErrorFormat;
  /** A valid body naming a configured model (so only the mutation can make it fail). */
  base: Record<string, unknown>;
  /** Dotted path (`messages.0.role`) → values that must be rejected there. */
  wrongTypes: Readonly<Record<string, readonly unknown[]>>;
  /** Where the conversation lives, for "empty messages" and "unknown model" cases; absent if none. */
  messagesField?: string;
  modelField?: string;
  /** The affinity id comes from the path (`/affinity/v1/:id`), not from `X-Model-Affinity`. */
  idInPath?: boolean;
  /** Only these kinds apply (others are swapped for one of them). @default every kind */
  kinds?: readonly FuzzKind[];
  /** Headers every request to this endpoint carries. */
  headers?: Readonly<Record<string, string>>;
}

const NOT_A_STRING = [5, true, null, [], {}, ['x']] as const;
const deepList = (depth: number): unknown => (depth === 0 ? [] : [deepList(depth - 1)]);

/** OpenAI chat completions (`/v1/chat/completions`, `/routing/v1/chat/completions`). */
export function openAIEndpoint(name: string, path: string, model: string): FuzzEndpoint {
  return {
    name,
    method: 'POST',
    path,
    format: 'openai',
    base: { model, messages: [{ role: 'user', content: 'hi' }] },
    messagesField: 'messages',
    modelField: 'model',
    wrongTypes: {
      model: [123, true, [], {}, '', 'm'.repeat(257)],
      messages: ['hi', 5, null, {}, true, [1], ['x'], [null], [{}], [deepList(3)]],
      'messages.0': ['hi', 5, null, [], { content: 'no role' }, { role: 'tool', content: 'no id' }],
      'messages.0.role': ['robot', 5, null, '', 'USER', ['user']],
      'messages.0.content': [5, null, true, {}, [5], [null], [{}], [{ type: 7 }]],
      stream: ['yes', 1, null, [], {}],
      temperature: ['hot', -1, 3, true, []],
      top_p: [2, -0.5, 'x', {}],
      max_tokens: [0, -5, 1.5, '10', true],
      max_completion_tokens: [0, 'x', -1],
      tools: ['x', 5, [{}], [{ type: 'function' }], [{ type: 'function', function: { name: '' } }]],
      tool_choice: ['sometimes', 5, { type: 'function' }, { type: 'function', function: {} }],
      stop: [5, [1], {}, true],
      stream_options: ['x', 5, { include_usage: 'y' }],
      user: [...NOT_A_STRING],
      prompt_cache_key: [...NOT_A_STRING],
    },
  };
}

/** Anthropic Messages (`/v1/messages`). */
export function anthropicEndpoint(model: string): FuzzEndpoint {
  return {
    name: 'messages',
    method: 'POST',
    path: '/v1/messages',
    format: 'anthropic',
    base: { model, max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] },
    messagesField: 'messages',
    modelField: 'model',
    wrongTypes: {
      model: [123, true, [], {}],
      messages: ['hi', 5, null, {}, true, [1], [null], [{}]],
      'messages.0.role': ['robot', 5, null, ''],
      'messages.0.content': [5, null, true, {}, [5], [null]],
      max_tokens: ['x', -5, 1.5, true, null],
      stream: ['yes', 1, [], {}],
      temperature: ['hot', true, []],
    },
  };
}

/** The affinity admin API (`PUT /affinity/v1/:id`). */
export function adminEndpoint(model: string): FuzzEndpoint {
  return {
    name: 'admin',
    method: 'PUT',
    path: '/affinity/v1/fuzz-admin',
    format: 'openai',
    idInPath: true,
    base: { model },
    modelField: 'model',
    wrongTypes: {
      model: [123, true, null, [], {}, ''],
      ttl_seconds: [0, -1, 1.5, 'x', true, []],
      extra_field: [1, 'x'],
    },
  };
}

/**
 * MCP over Streamable HTTP (`POST /mcp`, JSON-RPC errors). Only what the transport itself must
 * refuse: it reads no affinity header, and a tool's bad arguments are a JSON-RPC result, not a 4xx.
 */
export function mcpEndpoint(): FuzzEndpoint {
  return {
    name: 'mcp',
    method: 'POST',
    path: '/mcp',
    format: 'jsonrpc',
    base: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    headers: { accept: 'application/json, text/event-stream' },
    kinds: [
      'malformed-json',
      'truncated-json',
      'not-an-object',
      'wrong-type',
      'crlf-affinity',
      'oversized-header',
    ],
    wrongTypes: { jsonrpc: ['1.0', 2, null, []], method: [5, null, [], {}, true] },
  };
}

import { createHash } from 'node:crypto';
import type { AnthropicMessagesRequest } from '../protocol/anthropic.ts';
import type { ChatCompletionRequest } from '../protocol/openai.ts';

/**
 * The part of a request a provider's prompt cache can reuse turn after turn: the system prompt, the
 * tool definitions and the first user message. Later messages grow every turn and are left out.
 */
export interface StablePrefix {
  system: unknown;
  tools: unknown;
  firstUser: unknown;
}

/** What `prefixKeys` derives from a request's stable prefix. */
export interface PrefixKeys {
  /** Hash of system, tools, first user message and tenant: the implicit session key and the drift check. */
  prefixHash: string;
  /** Hash of the first user message (or, without one, the system prompt) and tenant: what survives drift. */
  lineage: string;
}

/** `cache_control` says where to cache, not what the prompt is: a moved breakpoint is not drift. */
const dropCacheControl = (key: string, value: unknown) => (key === 'cache_control' ? undefined : value);

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function hash(parts: unknown[]): string {
  // A replacer costs a call per key: serialise plainly, and only again with it when a marker is there.
  let text = JSON.stringify(parts);
  if (text.includes('"cache_control"')) text = JSON.stringify(parts, dropCacheControl);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * The prefix keys, or `undefined` when the request has neither a system prompt nor a first user
 * message (nothing stable to key on: such a request is routed as usual).
 * @example prefixKeys(openAIPrefix(body), 'acme')?.prefixHash // 32 hex digits
 */
export function prefixKeys(prefix: StablePrefix, tenant: string | undefined): PrefixKeys | undefined {
  if (isEmpty(prefix.system) && isEmpty(prefix.firstUser)) return undefined;
  const t = tenant ?? null;
  return {
    prefixHash: hash(['p', t, prefix.system ?? null, prefix.tools ?? null, prefix.firstUser ?? null]),
    lineage: hash(['l', t, isEmpty(prefix.firstUser) ? (prefix.system ?? null) : prefix.firstUser]),
  };
}

/** Chat Completions: the leading system/developer messages, `tools`, the first user message. */
export function openAIPrefix(body: ChatCompletionRequest): StablePrefix {
  const system: unknown[] = [];
  let firstUser: unknown;
  for (const message of body.messages) {
    if (message.role === 'system' || message.role === 'developer') {
      if (firstUser === undefined) system.push(message.content);
    } else if (message.role === 'user') {
      firstUser = message.content;
      break;
    }
  }
  return { system: system.length === 0 ? undefined : system, tools: body.tools, firstUser };
}

/** Messages API: `system`, `tools`, the first user message. */
export function anthropicPrefix(body: AnthropicMessagesRequest): StablePrefix {
  const first = body.messages.find((m) => m.role === 'user');
  return { system: body.system, tools: body.tools, firstUser: first?.content };
}

/**
 * A rough count of a request's input tokens (about 4 characters a token for English and JSON),
 * for the cache-regret gate, which runs before any upstream has counted them.
 */
export function estimateTokens(body: unknown): number {
  return Math.ceil(JSON.stringify(body).length / 4);
}

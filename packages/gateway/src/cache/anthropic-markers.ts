import type { AnthropicMessagesRequest } from '../protocol/anthropic.ts';

/** Anthropic accepts at most this many `cache_control` breakpoints per request. */
export const MAX_BREAKPOINTS = 4;

const EPHEMERAL = { type: 'ephemeral' } as const;

/** Block types Anthropic lets carry `cache_control` (not thinking blocks, not empty text). */
const CACHEABLE = new Set(['text', 'image', 'document', 'tool_use', 'tool_result', 'search_result']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when any part of the request already carries a `cache_control` marker. */
function hasMarker(value: unknown, depth = 0): boolean {
  // Markers live at most a few levels down (message → block → tool_result content); stop early.
  if (depth > 6) return false;
  if (Array.isArray(value)) return value.some((v) => hasMarker(v, depth + 1));
  if (!isObject(value)) return false;
  if (value.cache_control !== undefined) return true;
  return Object.values(value).some((v) =>
    isObject(v) || Array.isArray(v) ? hasMarker(v, depth + 1) : false,
  );
}

const cacheable = (block: unknown): block is Json =>
  isObject(block) &&
  typeof block.type === 'string' &&
  CACHEABLE.has(block.type) &&
  !(block.type === 'text' && block.text === '');

/**
 * Adds `cache_control: {type: "ephemeral"}` breakpoints to a Messages request for an Anthropic
 * upstream (`prompt_caching.anthropic_markers`): on the last tool, the last system block, and the
 * last block of the last message (in an append-only conversation every message sent becomes the
 * stable prefix of the next turn). At most 3 are added, under Anthropic's limit of 4.
 *
 * A request that already carries any marker is returned untouched: the client manages its own
 * breakpoints (and their TTL order). Nothing else changes: a string `system` or message content
 * becomes one text block with the same text, which Anthropic reads identically. The input object is
 * never mutated.
 */
export function injectCacheMarkers(request: AnthropicMessagesRequest): AnthropicMessagesRequest {
  if (hasMarker(request.system) || hasMarker(request.tools) || hasMarker(request.messages)) return request;
  const out: AnthropicMessagesRequest = { ...request };
  let added = 0;
  const tools = request.tools;
  if (tools !== undefined && tools.length > 0) {
    const last = tools.length - 1;
    out.tools = tools.map((tool, i) => (i === last ? { ...tool, cache_control: EPHEMERAL } : tool));
    added++;
  }
  const system = request.system;
  if (typeof system === 'string' && system !== '') {
    out.system = [{ type: 'text', text: system, cache_control: EPHEMERAL }];
    added++;
  } else if (Array.isArray(system) && system.length > 0) {
    const at = system.findLastIndex(cacheable);
    if (at !== -1) {
      out.system = system.map((b, i) => (i === at ? { ...b, cache_control: EPHEMERAL } : b));
      added++;
    }
  }
  const messages = request.messages;
  const last = messages.at(-1);
  if (last !== undefined && added < MAX_BREAKPOINTS) {
    const content =
      typeof last.content === 'string'
        ? last.content === ''
          ? []
          : [{ type: 'text', text: last.content }]
        : last.content;
    const at = content.findLastIndex(cacheable);
    if (at !== -1) {
      const marked = content.map((b, i) => (i === at ? { ...b, cache_control: EPHEMERAL } : b));
      out.messages = [...messages.slice(0, -1), { ...last, content: marked }];
    }
  }
  return out;
}

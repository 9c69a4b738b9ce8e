import { estimateTokens } from '../brain/text.ts';
import type { BrainRequest } from '../brain/types.ts';
import type { MessagesRequest } from '../routes/anthropic-schema.ts';

// A prompt as the prompt-cache model sees it: an ordered list of segments (tools first, then the
// system prompt, then the conversation), each with a content key and a token count. A cache entry
// is a prefix of segments, so caches hit at segment boundaries only.

/** One cacheable unit of a prompt. */
export interface Segment {
  /** The content that decides a hit (the cache_control marker itself is not content). */
  key: string;
  /** Tokens, by the sim's ~4-characters-a-token estimate. */
  tokens: number;
  /** Anthropic: a `cache_control` breakpoint on this block, with its TTL in ms (undefined = the default). */
  breakpoint?: { ttlMs?: number };
}

/**
 * OpenAI-style prompts (chat completions and Responses, via the brain's view): one segment per
 * tool definition, then one per message. Token counts add up to `promptTokens` exactly.
 */
export function brainSegments(req: BrainRequest): Segment[] {
  const out: Segment[] = [];
  for (const t of req.tools ?? []) {
    const text = t.name + (t.description ?? '') + JSON.stringify(t.parameters ?? {});
    out.push({ key: `tool:${text}`, tokens: estimateTokens(text) });
  }
  for (const m of req.messages) {
    let tokens = 4 + estimateTokens(m.text);
    for (const c of m.toolCalls ?? []) tokens += estimateTokens(c.name + JSON.stringify(c.arguments));
    out.push({
      key: `msg:${JSON.stringify([m.role, m.text, m.toolCalls ?? null, m.toolCallId ?? null])}`,
      tokens,
    });
  }
  return out;
}

const ONE_HOUR_MS = 3_600_000;

function breakpointOf(block: unknown): Segment['breakpoint'] {
  if (block === null || typeof block !== 'object') return undefined;
  const cc = (block as { cache_control?: unknown }).cache_control;
  if (cc === null || typeof cc !== 'object') return undefined;
  return (cc as { ttl?: unknown }).ttl === '1h' ? { ttlMs: ONE_HOUR_MS } : {};
}

function withoutMarker(block: object): string {
  const { cache_control: _marker, ...rest } = block as { cache_control?: unknown };
  return JSON.stringify(rest);
}

function blockTokens(block: MessagesRequest['messages'][number]['content'][number] | string): number {
  if (typeof block === 'string') return estimateTokens(block);
  if (block.type === 'text') return estimateTokens(block.text ?? '');
  if (block.type === 'tool_use')
    return estimateTokens((block.name ?? '') + JSON.stringify(block.input ?? {}));
  if (block.type === 'tool_result') {
    const c = block.content;
    // The brain counts each tool result as a turn of its own (4 tokens of framing).
    const text = typeof c === 'string' ? c : (c ?? []).map((p) => p.text ?? '').join('\n');
    return 4 + estimateTokens(text);
  }
  return 0;
}

/**
 * Anthropic prompts in Anthropic's cache order: tools, then system blocks, then every content
 * block of every message, each marked when the client put `cache_control` on it. Token counts
 * follow the same estimate as `input_tokens`, block by block (so their sum can differ from the
 * whole-prompt count by rounding; the cache model clamps to the whole).
 */
export function anthropicSegments(body: MessagesRequest): Segment[] {
  const out: Segment[] = [];
  for (const t of body.tools ?? []) {
    const text = t.name + (t.description ?? '') + JSON.stringify(t.input_schema ?? {});
    out.push({ key: `tool:${withoutMarker(t)}`, tokens: estimateTokens(text), breakpoint: breakpointOf(t) });
  }
  if (typeof body.system === 'string')
    out.push({ key: `system:${body.system}`, tokens: 4 + estimateTokens(body.system) });
  else
    (body.system ?? []).forEach((b, i) => {
      const tokens = (i === 0 ? 4 : 0) + estimateTokens(b.text ?? '');
      out.push({ key: `system:${withoutMarker(b)}`, tokens, breakpoint: breakpointOf(b) });
    });
  body.messages.forEach((m, mi) => {
    if (typeof m.content === 'string') {
      out.push({ key: `m${mi}:${m.role}:${m.content}`, tokens: 4 + blockTokens(m.content) });
      return;
    }
    m.content.forEach((b, bi) => {
      const tokens = (bi === 0 && b.type !== 'tool_result' ? 4 : 0) + blockTokens(b);
      out.push({ key: `m${mi}:${m.role}:${withoutMarker(b)}`, tokens, breakpoint: breakpointOf(b) });
    });
  });
  return out;
}

import { shortHash } from '../brain/text.ts';
import { LruTtlMap } from '../lru-ttl.ts';
import type { Segment } from './segments.ts';

// A deterministic model of the providers' prompt caches. Each model has its own cache of prompt
// prefixes (hashes of whole segments from the start), so switching models starts cold — the
// cost affinity avoids. Entries live `ttlMs` from their last write or hit, at most `maxEntries`
// per model (least recently used go first), at most `MAX_MODELS` models.

/** OpenAI caches only prompts of at least this many tokens… */
export const OPENAI_MIN_CACHED_TOKENS = 1024;
/** …and reports cache hits in multiples of this many tokens. */
export const OPENAI_CACHE_INCREMENT = 128;
/** A `cache_control` breakpoint caches nothing when its prefix is shorter than this. */
export const ANTHROPIC_MIN_CACHEABLE_TOKENS = 1024;
/** Anthropic looks for a hit at this many block boundaries before each breakpoint. */
export const ANTHROPIC_LOOKBACK_BLOCKS = 20;
/** Anthropic rejects a request with more `cache_control` blocks than this. */
export const ANTHROPIC_MAX_BREAKPOINTS = 4;
/** Models with a cache of their own; the oldest model's cache is dropped beyond this. */
const MAX_MODELS = 1_000;

/** Cached input as OpenAI reports it. */
export interface OpenAICacheUsage {
  /** `prompt_tokens_details.cached_tokens` / `input_tokens_details.cached_tokens`. */
  cached: number;
  /** Tokens this request newly wrote (Responses `input_tokens_details.cache_write_tokens`). */
  written: number;
}

/** Cached input as Anthropic reports it; `input_tokens` is what is left of the prompt. */
export interface AnthropicCacheUsage {
  input: number;
  /** `cache_read_input_tokens`. */
  read: number;
  /** `cache_creation_input_tokens`, of which `creation1h` were written with `ttl: "1h"`. */
  creation: number;
  creation1h: number;
}

interface Prefix {
  hash: string;
  /** Tokens from the start of the prompt through this segment, at most the prompt's total. */
  tokens: number;
  segment: Segment;
}

function prefixes(segments: readonly Segment[], total: number): Prefix[] {
  const out: Prefix[] = [];
  let hash = '';
  let tokens = 0;
  for (const segment of segments) {
    hash = shortHash(`${hash}\u0000${segment.key}`, 24);
    tokens = Math.min(total, tokens + segment.tokens);
    out.push({ hash, tokens, segment });
  }
  return out;
}

export class PromptCache {
  private readonly models = new Map<string, LruTtlMap<true>>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private cacheOf(model: string): LruTtlMap<true> {
    let cache = this.models.get(model);
    if (cache === undefined) {
      if (this.models.size >= MAX_MODELS) {
        const oldest = this.models.keys().next();
        if (!oldest.done) this.models.delete(oldest.value);
      }
      cache = new LruTtlMap<true>(this.maxEntries, this.ttlMs, this.now);
      this.models.set(model, cache);
    }
    return cache;
  }

  /**
   * OpenAI's automatic caching: the longest cached prefix ending at a segment boundary counts,
   * rounded down to a multiple of 128, and only from 1,024 tokens up. Every boundary of this
   * prompt from 1,024 tokens on is then written (or refreshed).
   */
  openai(model: string, segments: readonly Segment[], total: number): OpenAICacheUsage {
    if (total < OPENAI_MIN_CACHED_TOKENS) return { cached: 0, written: 0 };
    const cache = this.cacheOf(model);
    const all = prefixes(segments, total);
    let hit = 0;
    for (let i = all.length - 1; i >= 0 && hit === 0; i--) {
      const p = all[i]!;
      if (p.tokens >= OPENAI_MIN_CACHED_TOKENS && cache.has(p.hash)) hit = p.tokens;
    }
    for (const p of all) if (p.tokens >= OPENAI_MIN_CACHED_TOKENS) cache.set(p.hash, true);
    const round = (n: number) => Math.floor(n / OPENAI_CACHE_INCREMENT) * OPENAI_CACHE_INCREMENT;
    const cached = round(hit);
    return { cached, written: Math.max(0, round(total) - cached) };
  }

  /**
   * Anthropic's explicit caching: nothing without `cache_control` breakpoints. A read is the
   * longest prefix already cached at a block boundary up to 20 blocks before a breakpoint;
   * creation is the rest of the prompt up to the last breakpoint whose prefix reaches 1,024
   * tokens. Breakpoints from 1,024 tokens on are written (a `ttl: "1h"` one for an hour).
   */
  anthropic(model: string, segments: readonly Segment[], total: number): AnthropicCacheUsage {
    const all = prefixes(segments, total);
    const breakpoints = all.flatMap((p, i) => (p.segment.breakpoint ? [i] : []));
    const eligible = breakpoints.filter((i) => all[i]!.tokens >= ANTHROPIC_MIN_CACHEABLE_TOKENS);
    if (eligible.length === 0) return { input: total, read: 0, creation: 0, creation1h: 0 };
    const cache = this.cacheOf(model);
    let read = 0;
    let readAt = -1;
    for (const b of breakpoints) {
      for (let j = b; j >= Math.max(0, b - ANTHROPIC_LOOKBACK_BLOCKS); j--) {
        const p = all[j]!;
        if (p.tokens > read && p.tokens >= ANTHROPIC_MIN_CACHEABLE_TOKENS && cache.has(p.hash)) {
          read = p.tokens;
          readAt = j;
          break;
        }
      }
    }
    const last = eligible[eligible.length - 1]!;
    const creation = Math.max(0, all[last]!.tokens - read);
    let creation1h = 0;
    let previous = read;
    for (const b of eligible) {
      const p = all[b]!;
      const ttlMs = p.segment.breakpoint?.ttlMs;
      // The tokens between the previous breakpoint and this one are written with this one's TTL.
      if (ttlMs !== undefined && p.tokens > previous) creation1h += p.tokens - previous;
      previous = Math.max(previous, p.tokens);
      cache.set(p.hash, true, ttlMs ?? this.ttlMs);
    }
    if (readAt >= 0 && !all[readAt]!.segment.breakpoint) cache.set(all[readAt]!.hash, true);
    return { input: total - read - creation, read, creation, creation1h };
  }
}

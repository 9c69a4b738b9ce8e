/**
 * One response's token counts, normalised across wire formats. `input` is every prompt token,
 * cached or not (OpenAI's `prompt_tokens`; Anthropic's `input_tokens` plus its cache reads and writes).
 */
export interface TokenUsage {
  input: number;
  /** Prompt tokens read from the provider's cache. */
  cachedRead: number;
  /** Prompt tokens written to the cache (Anthropic's `cache_creation_input_tokens`; 0 elsewhere). */
  cacheWrite: number;
  output: number;
}

/** The wire format a `usage` block is in. */
export type UsageFormat = 'openai' | 'anthropic' | 'responses';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A token count: a finite non-negative number, else `undefined`. */
const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined;

/**
 * Reads a `usage` block. Returns `undefined` when it is missing or malformed (a required count
 * absent or not a number): such a response is counted as "usage unknown", never guessed.
 * Optional cache fields that are absent or malformed read as 0.
 *
 * - `openai` (Chat Completions): `prompt_tokens` (includes cached), `completion_tokens`,
 *   `prompt_tokens_details.cached_tokens`; a top-level `cache_creation_input_tokens` (as the gateway
 *   and LiteLLM add when translating from Anthropic) counts as a write.
 * - `anthropic`: `input_tokens` (excludes the cache), `output_tokens`, `cache_read_input_tokens`,
 *   `cache_creation_input_tokens`.
 * - `responses`: `input_tokens` (includes cached), `output_tokens`, `input_tokens_details.cached_tokens`
 *   and, where reported, `input_tokens_details.cache_write_tokens`.
 */
export function readUsage(usage: unknown, format: UsageFormat): TokenUsage | undefined {
  if (!isObject(usage)) return undefined;
  if (format === 'anthropic') {
    const input = count(usage.input_tokens);
    const output = count(usage.output_tokens);
    if (input === undefined || output === undefined) return undefined;
    const cachedRead = count(usage.cache_read_input_tokens) ?? 0;
    const cacheWrite = count(usage.cache_creation_input_tokens) ?? 0;
    return { input: input + cachedRead + cacheWrite, cachedRead, cacheWrite, output };
  }
  const input = count(format === 'openai' ? usage.prompt_tokens : usage.input_tokens);
  const output = count(format === 'openai' ? usage.completion_tokens : usage.output_tokens);
  if (input === undefined || output === undefined) return undefined;
  const details = format === 'openai' ? usage.prompt_tokens_details : usage.input_tokens_details;
  // A provider reporting more cached than total tokens is wrong; the total bounds the share.
  const cachedRead = Math.min(input, (isObject(details) ? count(details.cached_tokens) : undefined) ?? 0);
  const written = isObject(details) ? count(details.cache_write_tokens) : undefined;
  const cacheWrite = Math.min(input - cachedRead, written ?? count(usage.cache_creation_input_tokens) ?? 0);
  return { input, cachedRead, cacheWrite, output };
}

/** True when the provider's cache was involved: tokens read from it or written to it. */
export function hasCacheActivity(usage: TokenUsage | undefined): boolean {
  return usage !== undefined && (usage.cachedRead > 0 || usage.cacheWrite > 0);
}

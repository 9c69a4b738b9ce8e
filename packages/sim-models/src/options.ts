import { z } from 'zod';

/** Options of `startSimModels`; every field is optional. Unknown keys are rejected. */
export const simModelsOptionsSchema = z.strictObject({
  /** TCP port; `0` picks a free one. @default 0 */
  port: z.number().int().min(0).max(65535).default(0),
  /** Interface to bind. @default '127.0.0.1' */
  host: z.string().min(1).default('127.0.0.1'),
  /** Tool-calling rounds before the final answer. @default 3 */
  maxToolRounds: z.number().int().min(1).max(100).default(3),
  /** Default added latency before every response, in ms (header `x-sim-latency-ms` overrides). @default 0 */
  latencyMs: z.number().min(0).max(600_000).default(0),
  /** Default time to first streamed chunk, in ms (header `x-sim-ttft-ms` overrides). @default 0 */
  ttftMs: z.number().min(0).max(600_000).default(0),
  /** Default delay between streamed chunks, in ms (header `x-sim-chunk-delay-ms` overrides). @default 0 */
  chunkDelayMs: z.number().min(0).max(60_000).default(0),
  /** How long `x-sim-fail: timeout` holds a request before resetting it, in ms. @default 60000 */
  holdMs: z.number().min(0).max(600_000).default(60_000),
  /** Stored Responses (`store` not false) kept for `previous_response_id` and `GET /v1/responses/{id}`; least recently used go first. @default 10000 */
  responseStoreMaxEntries: z.number().int().min(1).max(1_000_000).default(10_000),
  /** How long a stored Response lives, in ms. @default 3600000 (1 h) */
  responseTtlMs: z.number().int().min(1).max(86_400_000).default(3_600_000),
  /** Prompt-cache model: how long a cached prefix lives after its last write or hit, in ms (Anthropic `ttl: "1h"` breakpoints: an hour). @default 300000 (5 min) */
  promptCacheTtlMs: z.number().int().min(1).max(86_400_000).default(300_000),
  /** Prompt-cache model: cached prefixes kept per model; least recently used go first. @default 10000 */
  promptCacheMaxEntries: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Don't print the start-up line and injected faults. @default false */
  quiet: z.boolean().default(false),
});

/** What `startSimModels` accepts. */
export type SimModelsOptions = z.input<typeof simModelsOptionsSchema>;
/** Options with every default applied. */
export type ResolvedSimModelsOptions = z.infer<typeof simModelsOptionsSchema>;

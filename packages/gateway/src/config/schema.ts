import { z } from 'zod';
import { LOG_LEVELS } from '../logger.ts';

// The YAML shape Plano's gateway users already write (`model_providers`, `routing_preferences`,
// `model_aliases`, `listeners`), plus Tether's `routing` block. Every object is strict: an unknown
// key is an error with a near-miss hint, never silently ignored.

const nonEmpty = z.string().min(1);

/** `model: provider/name`: the prefix picks the provider, the rest is the upstream model name. */
const modelRef = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/\S+$/, 'expected `provider/model`, e.g. `openai/gpt-4o`');

/** Older inline form: preferences listed under the provider that serves them. */
export const inlinePreferenceSchema = z.strictObject({
  name: nonEmpty,
  description: nonEmpty,
  examples: z.array(nonEmpty).optional(),
});

/** Per-model prices in USD per million tokens, for the cost and savings estimates (never billing). */
export const pricingSchema = z.strictObject({
  /** Uncached input tokens. */
  input_per_million: z.number().nonnegative(),
  /** Input tokens read from the provider's prompt cache. @default input_per_million (no discount claimed) */
  cached_input_per_million: z.number().nonnegative().optional(),
  /** Output tokens. */
  output_per_million: z.number().nonnegative(),
  /** Input tokens written to the cache (Anthropic charges a premium). @default input_per_million */
  cache_write_per_million: z.number().nonnegative().optional(),
});

export const modelProviderSchema = z.strictObject({
  model: modelRef,
  /** The upstream key; `$ENV_VAR` / `${ENV_VAR}` is replaced from the environment. */
  access_key: z.string().optional(),
  /** Upstream base URL including the version path; a known default per provider prefix otherwise. */
  base_url: z.url().optional(),
  /** The model that serves when no route fits and the request names no configured model. */
  default: z.boolean().default(false),
  /** Wire format; inferred from the prefix (`anthropic/…` → `anthropic`, else `openai`). */
  provider_interface: z.enum(['openai', 'anthropic']).optional(),
  /** Extra static headers sent upstream with every call. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Forward the client's `Authorization` header upstream instead of `access_key`. @default false */
  passthrough_auth: z.boolean().default(false),
  /** Upstream timeout for a whole call (or until the first byte of a streamed body). @default 60000 */
  timeout_ms: z.number().int().positive().default(60_000),
  /**
   * How `/v1/responses` reaches this model: `native` posts to the upstream's own `/responses`;
   * `translate` converts to `/chat/completions` (or Anthropic `/messages`) and back, with the
   * conversation state kept by the gateway. @default 'native' for `openai/…`, else 'translate'
   */
  responses_api: z.enum(['native', 'translate']).optional(),
  /** Largest non-streaming (or error) body read from the upstream; past it the call is aborted → 502. @default 33554432 (32 MiB) */
  max_response_bytes: z
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  /** Largest SSE event (or unfinished line) of a stream; past it the stream ends with an error event. @default 1048576 (1 MiB) */
  max_event_bytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Longest gap between two chunks of a started stream; past it the stream ends with an error event. @default 60000 */
  stream_idle_timeout_ms: z.number().int().positive().default(60_000),
  /** Plano's older inline routing preferences. */
  routing_preferences: z.array(inlinePreferenceSchema).optional(),
  /** Plano's display name; accepted and unused. */
  name: z.string().optional(),
  /** Prices for cost estimates; absent means tokens are counted but no cost is estimated. */
  pricing: pricingSchema.optional(),
});
export type ModelProviderConfig = z.infer<typeof modelProviderSchema>;

export const routingPreferenceSchema = z.strictObject({
  name: nonEmpty,
  description: nonEmpty,
  /** Candidate models in preference order; the first serves. */
  models: z.array(modelRef).min(1),
  /** Sample requests that belong to this route (they sharpen the local classifier). */
  examples: z.array(nonEmpty).optional(),
});
export type RoutingPreferenceConfig = z.infer<typeof routingPreferenceSchema>;

export const listenerSchema = z.strictObject({
  type: z.enum(['model', 'prompt', 'agent']).default('model'),
  name: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  address: z.string().optional(),
  host: z.string().optional(),
  timeout: z.string().optional(),
  /**
   * Share the port with other processes (`SO_REUSEPORT`): only for running several Tether processes
   * on one host on purpose (one per core, or a new one started before the old one stops), with pins
   * in Redis. Off, a second `tether up` on a taken port exits with `port N is already in use`. @default false
   */
  reuse_port: z.boolean().default(false),
});

export const sessionCacheSchema = z.strictObject({
  type: z.enum(['memory', 'redis']).default('memory'),
  /** `redis://host:port/db`; `$ENV_VAR` allowed. Required for `redis`. */
  url: z.string().optional(),
  /** A request header whose value scopes pins (multi-tenant gateways). */
  tenant_header: z.string().min(1).optional(),
  /** Prefix of every Redis key. @default 'tether:affinity:' */
  key_prefix: z.string().default('tether:affinity:'),
  /** Per-command Redis timeout before the gateway fails open. @default 100 */
  timeout_ms: z.number().int().positive().default(100),
  /** How long a request waits for a Redis that has not connected yet before failing open. @default 500 */
  connect_timeout_ms: z.number().int().positive().default(500),
  /** Redis Sentinel: the sentinels to ask for the master named `sentinel_name` (instead of `url`). */
  sentinels: z
    .array(z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535) }))
    .min(1)
    .optional(),
  /** Redis Sentinel: the master group name. Required with `sentinels`. */
  sentinel_name: z.string().min(1).optional(),
  /** Redis ACL user and password for Sentinel/Cluster masters (a `url` carries its own); `$ENV_VAR` allowed. */
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  /** Redis only: each replica's copy of the pins it created or read, kept coherent by Redis (`CLIENT TRACKING`). */
  near_cache: z
    .strictObject({
      /** Serve pinned requests from memory; keep serving them while Redis is unreachable. @default true */
      enabled: z.boolean().default(true),
      /** Most pins held per replica (LRU). @default 100000 */
      max_entries: z.number().int().positive().default(100_000),
    })
    .prefault({}),
  /** Redis Cluster: seed nodes (instead of `url`). */
  cluster_nodes: z
    .array(z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535) }))
    .min(1)
    .optional(),
});

export const routerSchema = z.strictObject({
  type: z.enum(['local', 'llm']).default('local'),
  /** `llm`: the router model name sent upstream, e.g. `Arch-Router` or a configured `provider/model`. */
  model: z.string().optional(),
  /** `llm`: an OpenAI-compatible base URL, e.g. `http://127.0.0.1:11434/v1`. */
  base_url: z.url().optional(),
  access_key: z.string().optional(),
  /** `llm`: give up on the router after this long and serve the default model. @default 2000 */
  timeout_ms: z.number().int().positive().default(2000),
  /** `local`: minimum similarity for a route to match (0–1). @default 0.2 */
  min_score: z.number().min(0).max(1).default(0.2),
  /** `llm`: token budget of the conversation sent to the router. @default 2048 */
  max_context_tokens: z.number().int().positive().default(2048),
});

/** Pin-lifecycle options (`routing.affinity`); each can be overridden per request by a header. */
export const affinityOptionsSchema = z.strictObject({
  /** Without `X-Model-Affinity`, use an agent's own session id (Claude Code, Codex, `prompt_cache_key`). @default false */
  adopt_session_headers: z.boolean().default(false),
  /** `ttl`: a pin lives until its TTL; `done`: also released when a response finishes the task. @default 'ttl' */
  pin_until: z.enum(['ttl', 'done']).default('ttl'),
  /** `fixed`: the TTL counts from pinning; `sliding`: every served request renews it. @default 'fixed' */
  ttl_mode: z.enum(['fixed', 'sliding']).default('fixed'),
  /** Upper bound of any pin TTL, including `x-tether-affinity-ttl`. @default max(86400, session_ttl_seconds) */
  max_ttl_seconds: z.number().int().positive().optional(),
  /** `fail`: an upstream error is returned; `failover`: try the route's next model and re-pin. @default 'fail' */
  on_upstream_error: z.enum(['fail', 'failover']).default('fail'),
  /** Without any affinity header, key a session by its stable prompt prefix; pin after a cache hit. @default false */
  implicit_sessions: z.boolean().default(false),
  /** Re-route an explicit id whose prompt prefix changed since it was pinned. @default false */
  reroute_on_prefix_drift: z.boolean().default(false),
  /** Keep a warm model when switching would cost more than this many USD of uncached context. @default off */
  switch_cost_usd: z.number().nonnegative().optional(),
});

export const routingSchema = z.strictObject({
  /**
   * What a request's `model` field means. `route` (Plano's rule): the router runs first and the named
   * model serves only when no route matches; the result is pinned. `honor`: a configured name bypasses
   * the router and is never pinned. @default 'route'
   */
  client_model: z.enum(['route', 'honor']).default('route'),
  /** Lifetime of a pin. @default 600 */
  session_ttl_seconds: z.number().int().positive().default(600),
  /** Pins kept by the memory store before the least recently used is evicted. @default 10000 */
  session_max_entries: z.number().int().positive().default(10_000),
  /** Lifetime of a stored `/v1/responses` response (its chain can continue this long). @default 3600 */
  response_ttl_seconds: z.number().int().positive().default(3600),
  /** Stored responses kept by the memory backend before the least recently used is evicted. @default 1000 */
  response_max_entries: z.number().int().positive().default(1000),
  session_cache: sessionCacheSchema.prefault({}),
  router: routerSchema.prefault({}),
  affinity: affinityOptionsSchema.prefault({}),
});

/** Provider prompt-cache helpers (`prompt_caching`). */
export const promptCachingSchema = z.strictObject({
  /** Add `cache_control` breakpoints to requests for Anthropic upstreams that carry none. @default false */
  anthropic_markers: z.boolean().default(false),
  /** Send the stable-prefix hash upstream and to the client as `x-tether-prefix-hash`. @default false */
  prefix_hash_header: z.boolean().default(false),
});

export const modelAliasSchema = z.strictObject({ target: nonEmpty });

/** OpenTelemetry traces over OTLP/HTTP; off unless an endpoint is set here or in `OTEL_EXPORTER_OTLP_*`. */
export const tracingSchema = z.strictObject({
  /** OTLP/HTTP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. @default from `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT` */
  endpoint: z.url().optional(),
  /** Share of new traces recorded, 0–1. @default 1 */
  sampling: z.number().min(0).max(1).optional(),
  /** Plano's sampling percentage (0–100); `sampling` wins. */
  random_sampling: z.number().min(0).max(100).optional(),
  /** Plano key, accepted and ignored. */
  trace_arch_internal: z.boolean().optional(),
});

export const loggingSchema = z.strictObject({
  /** Least severe level written. @default 'info' */
  level: z.enum(LOG_LEVELS).default('info'),
  /** Log request bodies (truncated) with the request line. @default false */
  include_content: z.boolean().default(false),
});

export const configSchema = z.strictObject({
  version: z.union([z.string(), z.number()]).optional(),
  listeners: z.array(listenerSchema).optional(),
  model_providers: z.array(modelProviderSchema).optional(),
  /** Older name of `model_providers`. */
  llm_providers: z.array(modelProviderSchema).optional(),
  routing_preferences: z.array(routingPreferenceSchema).optional(),
  model_aliases: z.record(z.string(), modelAliasSchema).optional(),
  routing: routingSchema.prefault({}),
  /** Bearer token for the affinity admin API; without it only loopback clients may use it. */
  admin_token: z.string().optional(),
  /** Largest accepted request body. @default 10485760 (10 MiB) */
  max_body_bytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Longest a client may take to send its request body; a slower one gets a 408. @default 30000 */
  body_timeout_ms: z.number().int().positive().default(30_000),
  /** On SIGTERM/SIGINT, how long `tether up` lets in-flight requests finish before cutting them. @default 25000 */
  shutdown_grace_ms: z.number().int().nonnegative().default(25_000),
  tracing: tracingSchema.optional(),
  logging: loggingSchema.prefault({}),
  prompt_caching: promptCachingSchema.prefault({}),
  /** Plano keys accepted for compatibility and ignored by Tether. */
  endpoints: z.record(z.string(), z.unknown()).optional(),
  overrides: z.record(z.string(), z.unknown()).optional(),
});
/** The config file as written, after the schema's defaults. */
export type RawConfig = z.output<typeof configSchema>;

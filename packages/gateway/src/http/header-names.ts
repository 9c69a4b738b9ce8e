/**
 * Every HTTP header name the gateway reads or writes, lower-case (Fetch `Headers` are
 * case-insensitive). Modules that interpret a header keep the logic; the names live here only.
 */

// Request headers.

/** The affinity id: requests carrying the same one are served by the same model. */
export const AFFINITY_HEADER = 'x-model-affinity';
/** Older name of `X-Model-Affinity`, same meaning. */
export const SESSION_ID_HEADER = 'x-session-id';
/**
 * Session-id headers coding agents already send, tried in this order when
 * `routing.affinity.adopt_session_headers` is on and the request names no affinity id:
 * `x-claude-code-session-id` (Claude Code), `session_id` and `session-id` (Codex CLI, older and newer).
 */
export const ADOPTED_SESSION_HEADERS = ['x-claude-code-session-id', 'session_id', 'session-id'] as const;
/** `x-tether-pin-until: done | ttl`: how long this request's pin lives. */
export const PIN_UNTIL_HEADER = 'x-tether-pin-until';
/** Request: this request's pin TTL in seconds. Response: the TTL a pin actually got from this request. */
export const AFFINITY_TTL_HEADER = 'x-tether-affinity-ttl';
/** Request: `off` neither reads nor writes a pin. Response: `off`, or `unavailable` when the store failed. */
export const AFFINITY_SWITCH_HEADER = 'x-tether-affinity';
/** `X-Tether-Routing: off` serves exactly the named model (no router, no pin); `on` routes it. */
export const ROUTING_HEADER = 'x-tether-routing';
/** W3C trace context, read from clients and sent upstream. */
export const TRACEPARENT_HEADER = 'traceparent';
/** Client credentials: the admin token, or forwarded upstream for `passthrough_auth` models. */
export const AUTHORIZATION_HEADER = 'authorization';
/** Anthropic's API key header, accepted from clients and forwarded for `passthrough_auth` models. */
export const API_KEY_HEADER = 'x-api-key';
/** Claude Code's feature switches, forwarded to Anthropic upstreams. */
export const ANTHROPIC_BETA_HEADER = 'anthropic-beta';

// Response headers (the decision, written from the per-request record).

/** The configured model that served the request. */
export const MODEL_HEADER = 'x-tether-model';
/** The route that chose the model, or `none`. */
export const ROUTE_HEADER = 'x-tether-route';
/** `true` when the request was served from a stored pin. */
export const PINNED_HEADER = 'x-tether-pinned';
/** `true` when a failover moved the pin to the model that served. */
export const REPINNED_HEADER = 'x-tether-repinned';
/** The cache-regret gate's verdict: `retained` (kept the warm model) or `allowed`. */
export const SWITCH_HEADER = 'x-tether-switch';
/** Non-streaming responses: prompt tokens read from the provider's cache, or `unknown`. */
export const CACHED_TOKENS_HEADER = 'x-tether-cached-tokens';
/** The stable-prefix hash, upstream and to the client (`prompt_caching.prefix_hash_header`). */
export const PREFIX_HASH_HEADER = 'x-tether-prefix-hash';

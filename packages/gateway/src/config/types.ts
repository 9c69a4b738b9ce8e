import type { LogLevel } from '../logger.ts';
import type { TracingSettings } from '../observability/tracing-config.ts';
import type { ProviderInterface } from '../providers/types.ts';

/** One configured model, ready to call. */
export interface ResolvedModel {
  /** Gateway-visible name, e.g. `openai/gpt-4o`. */
  name: string;
  /** Provider prefix, e.g. `openai`. */
  provider: string;
  /** The name sent upstream, e.g. `gpt-4o`. */
  upstreamModel: string;
  interface: ProviderInterface;
  baseUrl: string;
  /** Never logged, never echoed. `undefined` when neither the config nor the environment has one. */
  apiKey: string | undefined;
  headers: Record<string, string>;
  passthroughAuth: boolean;
  timeoutMs: number;
  /** `max_response_bytes`: largest non-streaming body read. */
  maxResponseBytes: number;
  /** `max_event_bytes`: largest SSE event or line of a stream. */
  maxEventBytes: number;
  /** `stream_idle_timeout_ms`: longest gap between two chunks of a stream. */
  streamIdleTimeoutMs: number;
  isDefault: boolean;
  /** `/v1/responses`: the upstream's own Responses API, or translated to chat completions / messages. */
  responsesApi: 'native' | 'translate';
}

/** A routing preference: what requests it describes and which models serve it. */
export interface ResolvedRoute {
  name: string;
  description: string;
  examples: string[];
  /** In preference order; `models[0]` serves. */
  models: string[];
}

export interface RouterSettings {
  type: 'local' | 'llm';
  /** `llm`: model name sent to the router endpoint. */
  model: string | undefined;
  /** `llm`: OpenAI-compatible base URL. */
  baseUrl: string | undefined;
  apiKey: string | undefined;
  timeoutMs: number;
  minScore: number;
  maxContextTokens: number;
}

export interface SessionCacheSettings {
  type: 'memory' | 'redis';
  url: string | undefined;
  tenantHeader: string | undefined;
  keyPrefix: string;
  timeoutMs: number;
  connectTimeoutMs: number;
  sentinels?: { host: string; port: number }[];
  sentinelName?: string;
  clusterNodes?: { host: string; port: number }[];
  /** Credentials for Sentinel/Cluster masters. Never logged. */
  username?: string;
  password?: string;
}

/** `routing.affinity`: the pin lifecycle defaults, with defaults applied. */
export interface AffinityLifecycleSettings {
  adoptSessionHeaders: boolean;
  pinUntil: 'ttl' | 'done';
  ttlMode: 'fixed' | 'sliding';
  maxTtlSeconds: number;
  onUpstreamError: 'fail' | 'failover';
}

/** A validated config with names resolved, defaults applied and secrets substituted. */
export interface ResolvedConfig {
  /** The file it came from (for messages). */
  file: string;
  /** `reusePort`: `listeners[].reuse_port`, false unless asked for. */
  listener: { port: number; host: string; reusePort?: boolean };
  models: ResolvedModel[];
  modelsByName: ReadonlyMap<string, ResolvedModel>;
  /** The model that serves when nothing else decides; `undefined` when none is marked `default`. */
  defaultModel: string | undefined;
  /** alias → configured model name. */
  aliases: Readonly<Record<string, string>>;
  routes: ResolvedRoute[];
  routing: {
    sessionTtlSeconds: number;
    sessionMaxEntries: number;
    /** Lifetime of a stored `/v1/responses` response (`response_ttl_seconds`). */
    responseTtlSeconds: number;
    /** Memory backend bound on stored responses (`response_max_entries`). */
    responseMaxEntries: number;
    sessionCache: SessionCacheSettings;
    router: RouterSettings;
    /** Pin-lifecycle defaults (`routing.affinity`). */
    affinity: AffinityLifecycleSettings;
  };
  adminToken: string | undefined;
  maxBodyBytes: number;
  /** Traces (`tracing`, `OTEL_*`); absent means off. */
  tracing?: TracingSettings;
  /** `logging`; absent means level `info`, no content. */
  logging?: { level: LogLevel; includeContent: boolean };
  /** Deadline for reading a request body, ms (`body_timeout_ms`). */
  bodyTimeoutMs: number;
  /** Drain time on SIGTERM/SIGINT, ms (`shutdown_grace_ms`). */
  shutdownGraceMs: number;
  /** Non-fatal notes for the operator, e.g. an `$ENV_VAR` that is not set. Never contain secrets. */
  warnings: string[];
}

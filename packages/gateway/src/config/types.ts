import type { TracingSettings } from '../observability/tracing-config.ts';
import type { ProviderInterface } from '../providers/types.ts';
import type { Camelize } from './camelize.ts';
import type { ModelProviderConfig, RawConfig } from './schema.ts';

// Every settings type here is inferred from the zod schema in `schema.ts` (defaults included) through
// the one snake_case → camelCase transform: adding a key is one edit to the schema (plus its row in
// docs/configuration.md, which `docs.test.ts` enforces). Only values the resolver computes (names
// split, URLs and keys substituted, cross-references checked) are declared by hand.

type Routing = RawConfig['routing'];

/** Keys of a provider entry the resolver replaces with computed values. */
type ComputedModelKeys =
  | 'model'
  | 'access_key'
  | 'base_url'
  | 'default'
  | 'provider_interface'
  | 'headers'
  | 'routing_preferences'
  | 'name'
  | 'pricing'
  | 'responses_api';

/** One configured model, ready to call: its schema settings plus what the resolver computed. */
export type ResolvedModel = Camelize<Omit<ModelProviderConfig, ComputedModelKeys>> & {
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
  /** Static upstream headers, `$ENV_VAR`s substituted. */
  headers: Record<string, string>;
  isDefault: boolean;
  /** `pricing`, USD per million tokens with defaults applied; absent means no cost estimates. */
  pricing?: ModelPricing;
  /** `/v1/responses`: the upstream's own Responses API, or translated to chat completions / messages. */
  responsesApi: 'native' | 'translate';
};

/** A model's prices in USD per million tokens (defaults applied). */
export interface ModelPricing {
  input: number;
  cachedInput: number;
  output: number;
  cacheWrite: number;
}

/** A routing preference: what requests it describes and which models serve it. */
export interface ResolvedRoute {
  name: string;
  description: string;
  examples: string[];
  /** In preference order; `models[0]` serves. */
  models: string[];
}

/** `routing.router`, with an `llm` router's model, URL and key resolved. */
export type RouterSettings = Omit<Camelize<Routing['router']>, 'accessKey'> & {
  /** `llm`: model name sent to the router endpoint. */
  model: string | undefined;
  /** `llm`: OpenAI-compatible base URL. */
  baseUrl: string | undefined;
  /** Never logged. */
  apiKey: string | undefined;
};

/** `routing.session_cache`, with `$ENV_VAR`s substituted and the tenant header lower-cased. */
export type SessionCacheSettings = Camelize<Routing['session_cache']>;

/** `routing.affinity`: the pin lifecycle defaults. */
export type AffinityLifecycleSettings = Omit<Camelize<Routing['affinity']>, 'maxTtlSeconds'> & {
  /** @default max(86400, session_ttl_seconds) */
  maxTtlSeconds: number;
};

type Scalars = Omit<
  RawConfig,
  | 'version'
  | 'listeners'
  | 'model_providers'
  | 'llm_providers'
  | 'routing_preferences'
  | 'model_aliases'
  | 'routing'
  | 'admin_token'
  | 'tracing'
  | 'endpoints'
  | 'overrides'
>;

/** A validated config with names resolved, defaults applied and secrets substituted. */
export type ResolvedConfig = Camelize<Scalars> & {
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
  routing: Omit<Camelize<Routing>, 'sessionCache' | 'router' | 'affinity'> & {
    sessionCache: SessionCacheSettings;
    router: RouterSettings;
    /** Pin-lifecycle defaults (`routing.affinity`). */
    affinity: AffinityLifecycleSettings;
  };
  /** Never logged. */
  adminToken: string | undefined;
  /** Traces (`tracing`, `OTEL_*`); absent means off. */
  tracing?: TracingSettings;
  /** Non-fatal notes for the operator, e.g. an `$ENV_VAR` that is not set. Never contain secrets. */
  warnings: string[];
};

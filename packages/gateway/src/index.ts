export {
  type AffinityStatus,
  createDecider,
  type DecideInput,
  type Decider,
  type DeciderDeps,
  type Decision,
  type DecisionReason,
} from './affinity/decider.ts';
export { type AffinityScope, readAffinityScope } from './affinity/headers.ts';
export { storeFromConfig } from './affinity/store-from-config.ts';
export { createGateway, type Gateway, type GatewayDeps } from './app.ts';
export { ConfigError, type ConfigIssue } from './config/config-error.ts';
export { loadConfig, type ParseConfigOptions, parseConfig } from './config/load.ts';
export { configSchema, type RawConfig } from './config/schema.ts';
export type {
  AffinityLifecycleSettings,
  ResolvedConfig,
  ResolvedModel,
  ResolvedRoute,
  RouterSettings,
  SessionCacheSettings,
} from './config/types.ts';
export {
  GatewayError,
  type GatewayErrorCode,
  type GatewayErrorOptions,
  type GatewayErrorType,
  UpstreamError,
} from './errors.ts';
export { createConsoleLogger, LOG_LEVELS, type Logger, type LogLevel, silentLogger } from './logger.ts';
export {
  AFFINITY_EVENTS,
  type AffinityEvent,
  createObservability,
  hashAffinity,
  type Observability,
  type ObservabilityDeps,
  type TracingSettings,
} from './observability/index.ts';
export { createProvider } from './providers/registry.ts';
export type {
  Provider,
  ProviderCallContext,
  ProviderInterface,
  ProviderSettings,
} from './providers/types.ts';
export { intentFromAnthropic } from './routing/anthropic-intent.ts';
export { createLlmRouter } from './routing/llm-router.ts';
export { createLocalRouter, type LocalRouterOptions } from './routing/local-router.ts';
export { intentFromOpenAI } from './routing/openai-intent.ts';
export type { IntentMessage, RouteChoice, Router } from './routing/types.ts';

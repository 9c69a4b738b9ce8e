export { AlsContextManager, contextManager, currentRequest, type RequestState } from './context.ts';
export { hashAffinity } from './hash.ts';
export { AFFINITY_EVENTS, type AffinityEvent, type GatewayMetrics } from './metrics.ts';
export {
  createObservability,
  type Observability,
  type ObservabilityDeps,
  type ObservabilityOptions,
} from './observability.ts';
export { createPinActivity, type PinActivity } from './pin-activity.ts';
export { resolveTracing, type TracingConfig, type TracingSettings } from './tracing-config.ts';

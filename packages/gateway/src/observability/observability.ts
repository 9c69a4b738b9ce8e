import { context } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { AffinityStore } from '@tether/affinity-store';
import type { ResolvedModel } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { Provider } from '../providers/types.ts';
import type { Router } from '../routing/types.ts';
import { contextManager } from './context.ts';
import { instrumentProvider } from './instrument-provider.ts';
import { instrumentRouter } from './instrument-router.ts';
import { instrumentStore } from './instrument-store.ts';
import { createMetrics } from './metrics.ts';
import { createPinActivity } from './pin-activity.ts';
import { requestHooks } from './request-hooks.ts';
import { createTracing } from './tracing.ts';
import type { TracingSettings } from './tracing-config.ts';
import type { ObservabilityCore } from './types.ts';

/** Replaceable parts of the observability wiring (tests). */
export interface ObservabilityDeps {
  /** Export spans here, one by one, even when no endpoint is configured (tests: `InMemorySpanExporter`). */
  spanExporter?: SpanExporter;
}

export interface ObservabilityOptions extends ObservabilityDeps {
  /** The undecorated store: metrics read its `stats()`, the dashboard its `list()`. */
  store: AffinityStore;
  logger: Logger;
  tracing: TracingSettings;
  /** Log request bodies (truncated). @default false */
  includeContent?: boolean;
  tenantHeader?: string;
  /** Per-pin request counts kept for the dashboard. @default 10000 */
  maxTrackedPins?: number;
}

/** Metrics, traces and request logs for one gateway, applied through decorators and global hooks. */
export interface Observability extends ObservabilityCore {
  /** The undecorated store. */
  store: AffinityStore;
  /** The Elysia plugin with the request hooks; `use` it before the app's `onError`. */
  hooks: ReturnType<typeof requestHooks>;
  instrumentStore<S extends AffinityStore>(store: S): S;
  instrumentRouter(router: Router): Router;
  instrumentProvider(model: ResolvedModel, provider: Provider): Provider;
  /** Flushes buffered spans. */
  shutdown(): Promise<void>;
}

/**
 * Sets up observability. Tracing stays off unless `tracing.endpoint` is set or an exporter is
 * given; the `AsyncLocalStorage` context manager is registered as OpenTelemetry's global one when
 * none is, so spans of the caller's own instrumentation nest under the gateway's too.
 * @example
 * const obs = createObservability({ store, logger, tracing: config.tracing });
 * const router = obs.instrumentRouter(routerFromConfig(config));
 */
export function createObservability(options: ObservabilityOptions): Observability {
  const tracing = createTracing(options.tracing, options.spanExporter);
  if (tracing !== undefined) context.setGlobalContextManager(contextManager);
  const core: ObservabilityCore = {
    metrics: createMetrics(options.store),
    tracer: tracing?.tracer,
    activity: createPinActivity(options.maxTrackedPins),
    logger: options.logger,
    includeContent: options.includeContent ?? false,
    tenantHeader: options.tenantHeader,
  };
  return {
    ...core,
    store: options.store,
    hooks: requestHooks(core),
    instrumentStore: (store) => instrumentStore(store, core),
    instrumentRouter: (router) => instrumentRouter(router, core),
    instrumentProvider: (model, provider) => instrumentProvider(model, provider, core),
    shutdown: async () => {
      await tracing?.shutdown();
    },
  };
}

import type { AffinityStore } from '@tether/affinity-store';
import { Elysia } from 'elysia';
import { createDecider } from './affinity/decider.ts';
import { storeFromConfig } from './affinity/store-from-config.ts';
import { createLastModelMemory } from './cache/last-model.ts';
import { createPromptCache } from './cache/prompt-cache.ts';
import { createUsageTally } from './cache/usage-tally.ts';
import type { ResolvedConfig } from './config/types.ts';
import { isAnthropicPath } from './http/anthropic-error.ts';
import type { GatewayContext } from './http/context.ts';
import { errorResponse } from './http/error-response.ts';
import { createConsoleLogger, type Logger } from './logger.ts';
import { createObservability, type ObservabilityDeps } from './observability/index.ts';
import { resolveTracing } from './observability/tracing-config.ts';
import { createUsageMetrics } from './observability/usage-metrics.ts';
import { createProvider as defaultCreateProvider } from './providers/registry.ts';
import type { Provider, ProviderSettings } from './providers/types.ts';
import { responseStoreFromConfig } from './responses/store-from-config.ts';
import type { ResponseStore } from './responses/types.ts';
import { adminRoutes } from './routes/admin.ts';
import { chatRoutes } from './routes/chat.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { embeddingsRoutes } from './routes/embeddings.ts';
import { healthRoutes } from './routes/health.ts';
import { mcpRoutes } from './routes/mcp.ts';
import { messagesRoutes } from './routes/messages.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { modelRoutes } from './routes/models.ts';
import { responsesRoutes } from './routes/responses.ts';
import { routingRoutes } from './routes/routing.ts';
import { routerFromConfig } from './routing/router-from-config.ts';
import type { Router } from './routing/types.ts';

/** Replaceable parts of a gateway; everything defaults from the config. */
export interface GatewayDeps {
  /** The pin store. @default from `routing.session_cache` (memory, or Redis); closed on `app.stop()` only when created here */
  store?: AffinityStore;
  /** Providers by configured model name (`openai/gpt-4o`); missing ones are built with `createProvider`. */
  providers?: ReadonlyMap<string, Provider> | Readonly<Record<string, Provider>>;
  /** Builds a provider from its settings. @default the built-in OpenAI-compatible / Anthropic adapters */
  createProvider?: (settings: ProviderSettings) => Provider;
  /** The router. @default from `routing.router` */
  router?: Router;
  /** Stored `/v1/responses` responses. @default from `routing.session_cache` (memory, or Redis); closed on `app.stop()` only when created here */
  responseStore?: ResponseStore;
  /** @default JSON lines on stderr at `info` */
  logger?: Logger;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Metrics/tracing test hooks, e.g. `{ spanExporter: new InMemorySpanExporter() }`. */
  observability?: ObservabilityDeps;
}

function buildProviders(config: ResolvedConfig, deps: GatewayDeps): Map<string, Provider> {
  const given =
    deps.providers instanceof Map ? deps.providers : new Map(Object.entries(deps.providers ?? {}));
  const create = deps.createProvider ?? defaultCreateProvider;
  const out = new Map<string, Provider>();
  for (const m of config.models) {
    out.set(
      m.name,
      given.get(m.name) ??
        create({
          name: m.provider,
          interface: m.interface,
          baseUrl: m.baseUrl,
          apiKey: m.apiKey,
          headers: m.headers,
          timeoutMs: m.timeoutMs,
          maxResponseBytes: m.maxResponseBytes,
          maxEventBytes: m.maxEventBytes,
          streamIdleTimeoutMs: m.streamIdleTimeoutMs,
          ...(config.promptCaching.anthropicMarkers ? { anthropicCacheMarkers: true } : {}),
        }),
    );
  }
  return out;
}

/**
 * Builds the gateway as an Elysia app without listening: for `tether up`, for tests
 * (`app.handle(new Request(…))`) and for embedding.
 *
 * @example
 * const app = createGateway(await loadConfig('tether.yaml'));
 * app.listen({ port: 12000, hostname: '127.0.0.1' });
 */
export function createGateway(config: ResolvedConfig, deps: GatewayDeps = {}) {
  const logger = deps.logger ?? createConsoleLogger(config.logging?.level);
  const now = deps.now ?? Date.now;
  const ownsStore = deps.store === undefined;
  const rawStore = deps.store ?? storeFromConfig(config, logger);
  const ownsResponseStore = deps.responseStore === undefined;
  const responseStore = deps.responseStore ?? responseStoreFromConfig(config);
  // Observability wraps the store, router and providers (decorators) and adds global request hooks.
  const obs = createObservability({
    store: rawStore,
    logger,
    tracing: config.tracing ?? resolveTracing(undefined, {}),
    includeContent: config.logging?.includeContent,
    tenantHeader: config.routing.sessionCache.tenantHeader,
    ...deps.observability,
  });
  const store = obs.instrumentStore(rawStore);
  const router = obs.instrumentRouter(deps.router ?? routerFromConfig(config));
  const providers = new Map(
    [...buildProviders(config, deps)].map(([name, p]) => {
      const model = config.modelsByName.get(name);
      return [name, model ? obs.instrumentProvider(model, p) : p] as const;
    }),
  );
  const lastModels = createLastModelMemory(config.routing.sessionMaxEntries, now);
  const cache = createPromptCache({
    config,
    store,
    logger,
    now,
    metrics: createUsageMetrics(obs.metrics.registry),
    tally: createUsageTally(),
    lastModels,
  });
  const context: GatewayContext = {
    config,
    store,
    logger,
    now,
    providers,
    decider: createDecider({ config, store, router, logger, now, lastModels }),
    cache,
  };
  const app = new Elysia({ name: 'tether/gateway' })
    .use(obs.hooks)
    .onError({ as: 'global' }, ({ error, code, request }) =>
      errorResponse(error, {
        logger,
        frameworkCode: code,
        format: isAnthropicPath(request) ? 'anthropic' : 'openai',
      }),
    )
    .use(chatRoutes(context))
    .use(messagesRoutes(context))
    .use(responsesRoutes(context, responseStore))
    .use(embeddingsRoutes(context))
    .use(routingRoutes(context))
    .use(modelRoutes(context))
    .use(adminRoutes(context))
    .use(healthRoutes(context))
    .use(metricsRoutes(obs.metrics))
    .use(
      dashboardRoutes({
        store: rawStore,
        activity: obs.activity,
        adminToken: config.adminToken,
        usage: cache.tally,
      }),
    );
  // MCP tools act through the gateway's own HTTP API in-process (`app.handle`), so they see exactly
  // what the admin and routing endpoints do: the same store, tenant scoping and validation.
  return app
    .use(
      mcpRoutes({
        handle: (request) => app.handle(request),
        adminToken: config.adminToken,
        tenantHeader: config.routing.sessionCache.tenantHeader,
      }),
    )
    .onStop(async () => {
      await obs.shutdown();
      if (ownsStore) await store.close();
      if (ownsResponseStore) await responseStore.close();
    });
}

/** The app `createGateway` returns. */
export type Gateway = ReturnType<typeof createGateway>;

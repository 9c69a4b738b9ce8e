import type { AffinityStore } from '@tether/affinity-store';
import { type SimModelsOptions, startSimModels } from '@tether/sim-models';
import { stringify } from 'yaml';
import { storeFromConfig } from '../../src/affinity/store-from-config.ts';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/app.ts';
import type { Env } from '../../src/config/env.ts';
import { parseConfig } from '../../src/config/load.ts';
import type { ResolvedConfig } from '../../src/config/types.ts';
import { silentLogger } from '../../src/logger.ts';

/** A running sim-models server (what `startSimModels` returns). */
export interface SimModelsHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface TestGatewayOptions {
  /**
   * Point every model (and an `llm` router) at sim-models, whatever the config says: `true` starts one for this gateway and
   * stops it in `stop()`; a handle reuses a running one (not stopped); `false` leaves URLs alone.
   * @default true
   */
  sim?: boolean | SimModelsHandle;
  /** Options for the sim-models the helper starts. @default { quiet: true } */
  simOptions?: SimModelsOptions;
  /** Replaceable parts; `logger` defaults to silent and `store` to the config's (owned by the helper). */
  deps?: GatewayDeps;
  /** Environment for `$ENV_VAR`s. @default {} (so the machine's keys never leak into tests) */
  env?: Env;
  /** `false` builds the app without a socket (use `gateway.handle`). @default true */
  listen?: boolean;
}

/** A gateway under test, listening on a free loopback port. */
export interface TestGateway {
  /** `http://127.0.0.1:<port>`; empty when not listening. */
  url: string;
  /** `url + '/v1'`: pass as `baseURL` to the `openai` client. */
  baseURL: string;
  port: number;
  app: Gateway;
  config: ResolvedConfig;
  store: AffinityStore;
  sim: SimModelsHandle | undefined;
  /** In-process request (no socket); paths are relative, e.g. `handle('/v1/models')`. */
  handle(path: string, init?: RequestInit): Promise<Response>;
  /** `fetch(url + path)` over the socket. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Stops the gateway, closes its store and stops sim-models if the helper started it. */
  stop(): Promise<void>;
}

/** The sim-models base URL for OpenAI-style and Anthropic clients (`…/v1`). */
export function simBaseUrl(sim: SimModelsHandle): string {
  return sim.url.replace(/\/+$/, '').replace(/\/v1$/, '') + '/v1';
}

/** A copy of `config` with every model's base URL (and an `llm` router's) at `baseUrl`. */
export function pointConfigAt(config: ResolvedConfig, baseUrl: string): ResolvedConfig {
  const models = config.models.map((m) => ({ ...m, baseUrl }));
  const router = config.routing.router;
  return {
    ...config,
    models,
    modelsByName: new Map(models.map((m) => [m.name, m])),
    routing: {
      ...config.routing,
      router: router.type === 'llm' ? { ...router, baseUrl } : router,
    },
  };
}

/**
 * Starts sim-models (unless given one) and a gateway for `config` (YAML text or the same shape as an
 * object) on free loopback ports. Every provider points at sim-models, keys are optional.
 *
 * @example
 * const gw = await startTestGateway({ model_providers: [{ model: 'openai/gpt-4o', default: true }] });
 * const client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'unused' });
 * afterAll(() => gw.stop());
 */
export async function startTestGateway(
  config: string | Record<string, unknown>,
  options: TestGatewayOptions = {},
): Promise<TestGateway> {
  const text = typeof config === 'string' ? config : stringify(config);
  let resolved = parseConfig(text, 'test-config.yaml', { env: options.env ?? {} });
  let sim: SimModelsHandle | undefined;
  let ownSim = false;
  if (options.sim !== false) {
    const running: SimModelsHandle =
      typeof options.sim === 'object'
        ? options.sim
        : await startSimModels({ quiet: true, ...options.simOptions });
    ownSim = typeof options.sim !== 'object';
    sim = running;
    resolved = pointConfigAt(resolved, simBaseUrl(running));
  }
  const store = options.deps?.store ?? storeFromConfig(resolved);
  const app = createGateway(resolved, { logger: silentLogger, ...options.deps, store });
  let url = '';
  let port = 0;
  if (options.listen !== false) {
    app.listen({ port: 0, hostname: '127.0.0.1' });
    port = app.server?.port ?? 0;
    url = `http://127.0.0.1:${port}`;
  }
  return {
    url,
    baseURL: `${url}/v1`,
    port,
    app,
    config: resolved,
    store,
    sim,
    // Elysia reads the path from a fixed offset of the URL, so use a `localhost` origin.
    handle: (path, init) => Promise.resolve(app.handle(new Request(`http://localhost${path}`, init))),
    fetch: (path, init) => fetch(`${url}${path}`, init),
    async stop() {
      if (options.listen !== false) await app.stop(true);
      if (!options.deps?.store) await store.close();
      if (ownSim) await sim?.stop();
    },
  };
}

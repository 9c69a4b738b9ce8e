import { createGateway, loadConfig } from '@tether/gateway';
import { startSimModels } from '@tether/sim-models';
import type { DemoMode } from './args.ts';
import type { Cleanup } from './cleanup.ts';

type GatewayConfig = Awaited<ReturnType<typeof loadConfig>>;

/**
 * The same config with every model served by sim-models: each provider's base URL is rewritten
 * to `simUrl/v1` (sim-models speaks both the OpenAI and the Anthropic wire format there) and a
 * placeholder key replaces whatever the environment held, so no real key ever leaves the process.
 */
export function pointAtSimModels(config: GatewayConfig, simUrl: string): GatewayConfig {
  const baseUrl = `${simUrl.replace(/\/+$/, '')}/v1`;
  const models = config.models.map((m) => ({ ...m, baseUrl, apiKey: 'sim-models' }));
  return { ...config, models, modelsByName: new Map(models.map((m) => [m.name, m])) };
}

/** A source of gateways for the demo sections. */
export interface GatewayPool {
  /** What `--json` and the banner say about where calls go. */
  describe(): string;
  /** A gateway serving this config file (one per file, started on first use). */
  gatewayFor(configPath: string): Promise<string>;
}

// Only failures reach the terminal: info lines would drown the traces.
const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error(message: string) {
    console.error(`tether: ${message}`);
  },
};

/**
 * Starts what `mode` needs on free loopback ports and registers every stopper with `cleanup`:
 * sim-models (simulated) and one in-memory gateway per demo config (simulated and real).
 * `external` starts nothing and hands out the given URL.
 */
export async function createGatewayPool(mode: DemoMode, cleanup: Cleanup): Promise<GatewayPool> {
  if (mode.kind === 'external') {
    return {
      describe: () => `gateway ${mode.gatewayUrl} (already running)`,
      gatewayFor: async () => mode.gatewayUrl,
    };
  }
  let simUrl: string | undefined;
  if (mode.kind === 'simulated') {
    const sim = await startSimModels({ port: 0, quiet: true });
    cleanup.add(() => sim.stop());
    simUrl = sim.url;
  }
  const started = new Map<string, Promise<string>>();
  const start = async (configPath: string): Promise<string> => {
    const loaded = await loadConfig(configPath);
    const config = simUrl ? pointAtSimModels(loaded, simUrl) : loaded;
    // The config's own listener port (12000) may be taken; the demo only needs some free port.
    const app = createGateway(config, { logger: quietLogger }).listen({ port: 0, hostname: '127.0.0.1' });
    cleanup.add(() => app.stop(true));
    return `http://127.0.0.1:${app.server?.port}`;
  };
  return {
    describe: () =>
      simUrl
        ? `SIMULATED models (sim-models at ${simUrl}; no API keys needed)`
        : 'real providers (OPENAI_API_KEY and ANTHROPIC_API_KEY are set)',
    gatewayFor(configPath) {
      let url = started.get(configPath);
      if (!url) {
        url = start(configPath);
        started.set(configPath, url);
      }
      return url;
    },
  };
}

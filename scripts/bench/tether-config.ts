/** Generated Tether configs pointing at the bench's sim-models (written as JSON, which is valid YAML). */

export interface TetherBenchConfig {
  /** sim-models origin, e.g. `http://127.0.0.1:4100`. */
  simOrigin: string;
  store: 'memory' | 'redis';
  redisUrl?: string;
  router: 'local' | 'llm';
  /** Memory-store capacity. @default 100000 */
  maxEntries?: number;
  /** `warn` drops the per-request log line (Tether logs every request at `info` by default). */
  logLevel?: 'info' | 'warn';
  /** Redis only: `false` turns the replica near cache off (every pinned request asks Redis). @default true */
  nearCache?: boolean;
}

/** Model names the sim answers with its tiny fixed response (pure-overhead benchmarks). */
export const SIM_TINY_MODEL = 'sim-tiny';

const TINY = { 'x-sim-fixed': 'tiny' };

/** The one user message every benchmark request sends; both routers map it to `small_talk`. */
export const BENCH_PROMPT = 'Give a short reply: ok.';

/**
 * A Plano-style config: two sim models, the tiny one the default, two routing preferences so the
 * local router has real work, and the requested session cache and router.
 */
export function tetherConfig(c: TetherBenchConfig): string {
  const v1 = `${c.simOrigin}/v1`;
  const config = {
    version: 'v0.1',
    // Both answer with the sim's tiny fixed response, so whichever model a history routes to, the
    // upstream's work is the same as for a direct request (the context suite's agent bodies route
    // to code_generation).
    model_providers: [
      { model: `openai/${SIM_TINY_MODEL}`, base_url: v1, default: true, headers: TINY },
      { model: 'openai/sim-coder', base_url: v1, headers: TINY },
    ],
    routing_preferences: [
      {
        name: 'code_generation',
        description: 'writing, fixing or reviewing source code, functions, scripts and programs',
        models: ['openai/sim-coder'],
        examples: ['write a function that parses a date', 'fix this TypeScript type error'],
      },
      {
        name: 'small_talk',
        description: 'short replies such as ok or yes, greetings, acknowledgements and one-word answers',
        models: [`openai/${SIM_TINY_MODEL}`],
        examples: ['reply with ok', 'say hello'],
      },
    ],
    routing: {
      session_ttl_seconds: 600,
      session_max_entries: c.maxEntries ?? 100_000,
      session_cache:
        c.store === 'redis'
          ? { type: 'redis', url: c.redisUrl, near_cache: { enabled: c.nearCache ?? true } }
          : { type: 'memory' },
      router: c.router === 'llm' ? { type: 'llm', model: 'Arch-Router', base_url: v1 } : { type: 'local' },
    },
    ...(c.logLevel ? { logging: { level: c.logLevel } } : {}),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

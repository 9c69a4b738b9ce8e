import { parseArgs } from 'node:util';

/** What `bun run verify:redis` was asked to do. */
export interface VerifyOptions {
  /** Base URLs of already-running replicas; empty means "start a local deployment". */
  replicas: string[];
  /** Redis URL of that deployment (required with `replicas`; the local one is started by us). */
  redis: string | undefined;
  /** Sessions in phase 2 (round-robin rounds). @default 6 */
  sessions: number;
  /** Rounds per session in phase 2. @default 5 */
  rounds: number;
  /** New sessions raced across all replicas at once in phase 3. @default 24 */
  raceSessions: number;
  /**
   * Pin TTL in seconds. Local: written into the replicas' config as `session_ttl_seconds`.
   * Remote: the deployment's configured TTL (the bound checked in phase 4).
   * @default 4 locally, 600 (the gateway's default) against a deployment
   */
  ttl: number;
  /** Bearer token for the affinity admin API (`admin_token` in the gateway config). */
  adminToken: string | undefined;
  /** Prefix of the pins' Redis keys (`routing.session_cache.key_prefix`). @default 'tether:affinity:' */
  keyPrefix: string;
  /** Remote only: pause Redis (`CLIENT PAUSE`) for the stall and outage phases instead of skipping them. */
  allowOutage: boolean;
  /** Print one JSON document on stdout; progress goes to stderr. */
  json: boolean;
  help: boolean;
}

export type ParseOutcome = { ok: true; options: VerifyOptions } | { ok: false; error: string };

/** Default pin TTL of the local deployment: short, so phase 5 can wait it out in seconds. */
export const LOCAL_DEFAULT_TTL = 4;
/** The gateway's own `session_ttl_seconds` default, assumed for a deployment unless `--ttl` says otherwise. */
export const REMOTE_DEFAULT_TTL = 600;

export const USAGE = `Usage: bun run verify:redis [-- options]

Proves that gateway replicas sharing one Redis keep every affinity id on one model.

With no --replicas it starts redis-server, sim-models and 3 gateway replicas on free
loopback ports, verifies them and tears everything down (also on Ctrl-C).

Options:
  --replicas <urls>     comma-separated base URLs of running replicas; starts nothing
  --redis <url>         the deployment's Redis (redis:// or rediss://); required with --replicas
  --sessions <n>        sessions sent round-robin in phase 2           (default 6)
  --rounds <n>          rounds per session in phase 2                  (default 5)
  --race-sessions <n>   new sessions raced on all replicas in phase 3  (default 24)
  --ttl <seconds>       pin TTL: local replicas are configured with it (default 4);
                        with --replicas, the deployment's session_ttl_seconds (default 600)
  --admin-token <t>     bearer token for /affinity/v1 (or env TETHER_ADMIN_TOKEN)
  --key-prefix <p>      Redis key prefix of pins                       (default tether:affinity:)
  --allow-outage        with --replicas: pause that Redis (CLIENT PAUSE) for the stall and
                        outage phases instead of skipping them; every client of it stalls
  --json                print the result as JSON on stdout (progress on stderr)
  -h, --help            show this help

Exit status: 0 when every phase passed (a skipped phase is not a failure), 1 otherwise,
2 on bad arguments.`;

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number | string {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) return `--${name} expects a whole number, got "${raw}"`;
  const n = Number(raw);
  if (n < 1 || n > max) return `--${name} must be between 1 and ${max}, got ${n}`;
  return n;
}

function parseReplicas(raw: string | undefined): string[] | string {
  if (raw === undefined) return [];
  const urls = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (urls.length === 0) return '--replicas expects at least one URL';
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `--replicas: "${url}" is not a URL (expected e.g. http://10.0.0.5:12000)`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return `--replicas: "${url}" must start with http:// or https://`;
    }
  }
  return urls.map((u) => u.replace(/\/+$/, ''));
}

/**
 * Parses the verifier's command line (without `bun` and the script path).
 * @example parseVerifyArgs(['--replicas', 'http://a:1,http://b:2', '--redis', 'redis://r:6380'])
 */
export function parseVerifyArgs(argv: string[], env: Record<string, string | undefined> = {}): ParseOutcome {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const replicas = parseReplicas(values.replicas);
  if (typeof replicas === 'string') return { ok: false, error: replicas };
  const remote = replicas.length > 0;
  const redis = values.redis;
  if (remote && !redis)
    return { ok: false, error: '--replicas needs --redis <url> (the Redis those replicas share)' };
  if (!remote && redis) {
    return {
      ok: false,
      error: '--redis is only used with --replicas (without it a private redis-server is started)',
    };
  }
  if (redis && !/^rediss?:\/\//.test(redis)) {
    return { ok: false, error: `--redis expects a redis:// or rediss:// URL, got "${redis}"` };
  }
  if (values['allow-outage'] && !remote) {
    return {
      ok: false,
      error: '--allow-outage only applies with --replicas (locally redis-server is stopped for real)',
    };
  }
  const sessions = positiveInt('sessions', values.sessions, 6, 1000);
  const rounds = positiveInt('rounds', values.rounds, 5, 100);
  const raceSessions = positiveInt('race-sessions', values['race-sessions'], 24, 1000);
  const ttl = positiveInt('ttl', values.ttl, remote ? REMOTE_DEFAULT_TTL : LOCAL_DEFAULT_TTL, 86_400 * 30);
  for (const v of [sessions, rounds, raceSessions, ttl])
    if (typeof v === 'string') return { ok: false, error: v };
  if (!remote && typeof ttl === 'number' && ttl > 60) {
    return {
      ok: false,
      error: `--ttl ${ttl}: phase 5 waits the TTL out locally, so keep it at 60 s or less`,
    };
  }
  return {
    ok: true,
    options: {
      replicas,
      redis,
      sessions: sessions as number,
      rounds: rounds as number,
      raceSessions: raceSessions as number,
      ttl: ttl as number,
      adminToken: values['admin-token'] ?? env.TETHER_ADMIN_TOKEN,
      keyPrefix: values['key-prefix'] ?? 'tether:affinity:',
      allowOutage: values['allow-outage'] ?? false,
      json: values.json ?? false,
      help: values.help ?? false,
    },
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      replicas: { type: 'string' },
      redis: { type: 'string' },
      sessions: { type: 'string' },
      rounds: { type: 'string' },
      'race-sessions': { type: 'string' },
      ttl: { type: 'string' },
      'admin-token': { type: 'string' },
      'key-prefix': { type: 'string' },
      'allow-outage': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

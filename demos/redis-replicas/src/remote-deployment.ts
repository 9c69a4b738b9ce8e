import type { Deployment, OutageControl } from './deployment.ts';
import { connectRedis, redactUrl } from './redis-client.ts';
import type { Reporter } from './reporter.ts';

export interface RemoteDeploymentOptions {
  replicas: readonly string[];
  redisUrl: string;
  /** Pause that Redis with `CLIENT PAUSE` for the outage phase instead of skipping it. */
  allowOutage: boolean;
  report: Reporter;
}

/** How long `--allow-outage` pauses the deployment's Redis; every client of it stalls meanwhile. */
export const PAUSE_MS = 3000;

/** `CLIENT PAUSE` the deployment's Redis: its clients stall (time out) without the server stopping. */
function pauseOutage(redisUrl: string): OutageControl {
  let until = 0;
  return {
    how: `CLIENT PAUSE ${PAUSE_MS} ALL on ${redactUrl(redisUrl)} (--allow-outage)`,
    async down() {
      const client = connectRedis(redisUrl);
      try {
        await client.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'ALL');
        until = Date.now() + PAUSE_MS;
      } finally {
        client.disconnect();
      }
    },
    async up() {
      await Bun.sleep(Math.max(0, until - Date.now()));
      const client = connectRedis(redisUrl);
      try {
        const deadline = Date.now() + 10_000;
        while (Date.now() < deadline) {
          if ((await client.ping().catch(() => '')) === 'PONG') return;
          await Bun.sleep(100);
        }
        throw new Error(`${redactUrl(redisUrl)} did not answer PING after the pause`);
      } finally {
        client.disconnect();
      }
    },
  };
}

/** Checks that every replica of a running deployment answers `/healthz`; starts and stops nothing. */
export async function connectRemoteDeployment(options: RemoteDeploymentOptions): Promise<Deployment> {
  const { report } = options;
  for (const [i, url] of options.replicas.entries()) {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(
      (error: Error) => error,
    );
    if (response instanceof Error) throw new Error(`replica ${url} is not reachable: ${response.message}`);
    const body = await response.text();
    report.detail(`replica ${i + 1}: ${url} /healthz → ${response.status} ${body.slice(0, 120)}`);
  }
  report.detail(`redis ${redactUrl(options.redisUrl)} (inspected, not managed)`);
  return {
    mode: 'remote',
    replicas: options.replicas,
    redisUrl: options.redisUrl,
    outage: options.allowOutage
      ? pauseOutage(options.redisUrl)
      : {
          skip: 'the deployment’s Redis is not ours to stop; pass --allow-outage to pause it for 3 s instead',
        },
    stall: options.allowOutage
      ? async (seconds) => {
          // DEBUG is usually disabled on a managed Redis; CLIENT PAUSE stalls every client the same way.
          const client = connectRedis(options.redisUrl);
          try {
            await client.call('CLIENT', 'PAUSE', String(seconds * 1000), 'ALL');
          } finally {
            client.disconnect();
          }
          await Bun.sleep(seconds * 1000);
        }
      : { skip: 'the deployment’s Redis is not ours to stall; pass --allow-outage to pause it for 2 s' },
    restart: { skip: 'the deployment’s Redis is not ours to kill and wipe' },
    restarted: () => [],
    identity: () => null,
    close: async () => {},
  };
}

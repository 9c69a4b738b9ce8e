import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimModels } from '@tether/sim-models';
import { freePort, startRedisServer } from '@tether/testing';
import type { Deployment } from './deployment.ts';
import { renderGatewayConfig } from './gateway-config.ts';
import { spawnReplica } from './replica-process.ts';
import type { Reporter } from './reporter.ts';

/** The repository root: replicas run there. */
export const REPO_ROOT = resolve(import.meta.dir, '../../..');

export interface LocalDeploymentOptions {
  /** Number of gateway replicas. @default 3 */
  replicas?: number;
  /** `session_ttl_seconds` of every replica. */
  ttlSeconds: number;
  report: Reporter;
  /** Receives `close` before anything starts, so Ctrl-C during start-up stops what is already up. */
  onCleanup?: (close: () => Promise<void>) => void;
}

/**
 * Starts a private `redis-server`, sim-models and N gateway replicas (separate processes) sharing
 * that Redis. Whatever started is stopped again if a later step fails, and by `close()`.
 */
export async function startLocalDeployment(options: LocalDeploymentOptions): Promise<Deployment> {
  const { report } = options;
  const cleanups: Array<() => Promise<void>> = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  // Something that finishes starting after an interrupt closed the deployment is stopped at once.
  const onStop = (cleanup: () => Promise<void>) => {
    if (closed) void cleanup().catch(() => {});
    else cleanups.push(cleanup);
  };
  options.onCleanup?.(close);

  try {
    // DEBUG (for `DEBUG SLEEP`) is refused by default since Redis 7; `local` allows it from loopback only.
    const redis = await startRedisServer({ args: ['--enable-debug-command', 'local'] });
    onStop(() => redis.stop());
    const version = (await redis.cli('INFO', 'server')).match(/redis_version:(\S+)/)?.[1] ?? '?';
    report.detail(`redis-server ${version} on ${redis.url} (private, persistence off)`);

    const sim = await startSimModels({ port: 0 });
    onStop(() => sim.stop());
    report.detail(`sim-models (simulated upstream models) on ${sim.url}`);

    const dir = await mkdtemp(join(tmpdir(), 'tether-verify-redis-'));
    onStop(() => rm(dir, { recursive: true, force: true }));
    const configPath = join(dir, 'tether.yaml');
    await writeFile(
      configPath,
      renderGatewayConfig({ simUrl: sim.url, redisUrl: redis.url, ttlSeconds: options.ttlSeconds }),
    );
    report.detail(`replica config ${configPath} (session_ttl_seconds: ${options.ttlSeconds})`);

    const count = options.replicas ?? 3;
    const ports: number[] = [];
    while (ports.length < count) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    const procs = await Promise.all(
      ports.map((port) =>
        spawnReplica({ repoRoot: REPO_ROOT, configPath, port, onSpawn: (p) => onStop(() => p.stop()) }),
      ),
    );
    procs.forEach((p, i) => {
      report.detail(`replica ${i + 1}: ${p.url} (pid ${p.pid}) — tether up`);
    });
    const pids = procs.map((p) => p.pid);

    return {
      mode: 'local',
      replicas: procs.map((p) => p.url),
      redisUrl: redis.url,
      outage: {
        how: `stopping redis-server on port ${redis.port}`,
        down: () => redis.stop(),
        up: () => redis.start(),
      },
      stall: async (seconds) => {
        await redis.cli('DEBUG', 'SLEEP', String(seconds));
      },
      restart: {
        how: `SIGKILL redis-server on port ${redis.port}, then start an empty one on the same port`,
        kill: () => redis.kill(),
        start: () => redis.start(),
      },
      restarted: () =>
        procs
          .filter((p, i) => !p.alive || p.pid !== pids[i])
          .map((p) => `${p.url} (pid ${p.pid}):\n${p.tail()}`),
      identity: () => `pids ${pids.join(', ')}`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

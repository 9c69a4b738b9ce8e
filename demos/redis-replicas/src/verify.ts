import type { VerifyOptions } from './args.ts';
import type { VerifyContext } from './context.ts';
import type { Deployment } from './deployment.ts';
import { startLocalDeployment } from './local-deployment.ts';
import { connectRedis, deleteMatching, redactUrl } from './redis-client.ts';
import { connectRemoteDeployment } from './remote-deployment.ts';
import type { Reporter } from './reporter.ts';
import { runPhases } from './run-phases.ts';
import type { PhaseResult } from './summary.ts';

/** What a run found, also the `--json` document. */
export interface VerifyReport {
  ok: boolean;
  mode: 'local' | 'remote';
  replicas: string[];
  /** The Redis URL without its password. */
  redis: string;
  ttlSeconds: number;
  phases: PhaseResult[];
}

export interface VerifyHooks {
  /** Called as soon as something was started, so Ctrl-C can tear it down. */
  onCleanup(cleanup: () => Promise<void>): void;
}

/**
 * Starts (or connects to) the deployment, runs the phases and tears down what it started.
 * Throws only when the deployment cannot be started or reached at all.
 */
export async function verify(
  options: VerifyOptions,
  report: Reporter,
  hooks: VerifyHooks,
): Promise<VerifyReport> {
  const remote = options.replicas.length > 0;
  report.line(
    report.style.bold(
      remote
        ? `tether verify:redis — ${options.replicas.length} running replicas sharing ${redactUrl(options.redis ?? '')}`
        : 'tether verify:redis — 3 local gateway replicas sharing one Redis',
    ),
  );
  report.line(remote ? 'Checking the deployment (nothing is started):' : 'Starting:');
  let deployment: Deployment;
  if (remote) {
    deployment = await connectRemoteDeployment({
      replicas: options.replicas,
      redisUrl: options.redis ?? '',
      allowOutage: options.allowOutage,
      report,
    });
  } else {
    deployment = await startLocalDeployment({ ttlSeconds: options.ttl, report, onCleanup: hooks.onCleanup });
  }

  const redis = connectRedis(deployment.redisUrl);
  hooks.onCleanup(async () => redis.disconnect());
  const runId = Math.random().toString(36).slice(2, 8);
  const ctx: VerifyContext = {
    options,
    deployment,
    replicas: deployment.replicas,
    redis,
    report,
    runId,
    learned: {},
  };
  report.detail(`session ids of this run: verify-${runId}-*`);
  try {
    const phases = await runPhases(ctx);
    return {
      ok: phases.every((p) => p.status !== 'FAIL'),
      mode: deployment.mode,
      replicas: [...deployment.replicas],
      redis: redactUrl(deployment.redisUrl),
      ttlSeconds: options.ttl,
      phases,
    };
  } finally {
    if (remote) {
      // Leave the operator's keyspace as it was: the run's pins would otherwise linger for a TTL.
      const removed = await deleteMatching(redis, `${options.keyPrefix}*verify-${runId}-*`).catch(() => null);
      report.line(
        removed === null
          ? 'Could not remove this run’s pins.'
          : `\nRemoved ${removed} pins written by this run.`,
      );
    }
    redis.disconnect();
    report.line(remote ? '' : '\nStopping replicas, sim-models and redis-server…');
    await deployment.close();
  }
}

import type { Phase, VerifyContext } from './context.ts';
import { PhaseFailure } from './context.ts';
import { crossReplicaPhase } from './phases/cross-replica.ts';
import { expiryPhase } from './phases/expiry.ts';
import { externalWritePhase } from './phases/external-write.ts';
import { inspectPhase } from './phases/inspect.ts';
import { nearCachePhase } from './phases/near-cache.ts';
import { outagePhase } from './phases/outage.ts';
import { pinningPhase } from './phases/pinning.ts';
import { racePhase } from './phases/race.ts';
import { releasePhase } from './phases/release.ts';
import { restartPhase } from './phases/restart.ts';
import { spreadPhase } from './phases/spread.ts';
import { stallPhase } from './phases/stall.ts';
import type { PhaseResult } from './summary.ts';

/** The phases in order; outage and restart come last because they wipe a local Redis. */
export const PHASES: readonly Phase[] = [
  spreadPhase,
  pinningPhase,
  racePhase,
  inspectPhase,
  expiryPhase,
  releasePhase,
  nearCachePhase,
  crossReplicaPhase,
  externalWritePhase,
  stallPhase,
  outagePhase,
  restartPhase,
];

/**
 * Runs every phase, printing its heading, its progress and its PASS/FAIL/SKIP line. A failing phase
 * does not stop the later ones: the summary shows everything that holds and everything that does not.
 */
export async function runPhases(
  ctx: VerifyContext,
  phases: readonly Phase[] = PHASES,
): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  for (const [i, phase] of phases.entries()) {
    ctx.report.phase(i + 1, phase.title);
    const started = performance.now();
    let result: PhaseResult;
    try {
      const outcome = await phase.run(ctx);
      result = { n: i + 1, name: phase.name, ...outcome, ms: Math.round(performance.now() - started) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const [headline = '', ...rest] = message.split('\n');
      for (const line of rest) ctx.report.detail(line);
      const prefix = error instanceof PhaseFailure ? '' : 'error: ';
      result = {
        n: i + 1,
        name: phase.name,
        status: 'FAIL',
        detail: prefix + headline,
        ms: Math.round(performance.now() - started),
      };
    }
    ctx.report.result(result);
    results.push(result);
  }
  return results;
}

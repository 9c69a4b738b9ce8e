import { check, type Phase } from '../context.ts';
import { everyReplicaServes, pinAndWarm, storedModel } from './near-support.ts';

const PINS = 30;
/** The target: this share of live pins back in Redis within `WITHIN_MS` of the first request after the restart. */
const MIN_BACK = 0.9;
const WITHIN_MS = 2_000;
const GIVE_UP_MS = 10_000;

/**
 * Phase 12: Redis is killed (SIGKILL, no save) and an empty one starts on the same port. The
 * replicas still know every pin: each keeps its model, and the pins are written back to Redis
 * with the atomic claim, so every replica and Redis agree.
 */
export const restartPhase: Phase = {
  name: 'restart',
  title: 'restart: SIGKILL Redis, start it empty; every pinned id keeps its model',
  async run(ctx) {
    const control = ctx.deployment.restart;
    if ('skip' in control) return { status: 'SKIP', detail: control.skip };
    const pins = await pinAndWarm(ctx, 'rs', PINS);
    ctx.report.detail(`${PINS} ids pinned on every replica; ${control.how}`);
    await control.kill();
    const down = await everyReplicaServes(ctx, pins, 'while Redis is dead');
    ctx.report.detail(
      `while Redis was dead: ${down.length} pinned requests, all on their model (${down.filter((o) => o.cached).length} x-tether-affinity: cached)`,
    );
    await control.start();
    const first = performance.now();
    const after = await everyReplicaServes(ctx, pins, 'after the empty restart');
    let backAt2s = -1;
    let allBackMs = -1;
    while (performance.now() - first < GIVE_UP_MS) {
      const stored = await Promise.all(pins.map((p) => storedModel(ctx, p.id).catch(() => null)));
      for (const [i, model] of stored.entries()) {
        const pin = pins[i];
        check(
          model === null || model === pin?.model,
          `${pin?.id} came back as ${model}, was pinned to ${pin?.model}`,
        );
      }
      const back = stored.filter((m) => m !== null).length;
      const elapsed = performance.now() - first;
      if (backAt2s < 0 && (elapsed >= WITHIN_MS || back === pins.length)) backAt2s = back;
      if (back === pins.length) {
        allBackMs = elapsed;
        break;
      }
      await Bun.sleep(20);
    }
    ctx.report.detail(
      `first requests after the restart: ${after.length}, all on their model; back in Redis within ${WITHIN_MS / 1000} s: ${backAt2s}/${PINS}` +
        (allBackMs >= 0 ? `, all after ${Math.round(allBackMs)} ms` : ''),
    );
    check(
      backAt2s >= MIN_BACK * PINS,
      `${backAt2s}/${PINS} pins back in Redis within ${WITHIN_MS / 1000} s, target ≥ ${MIN_BACK * 100}%`,
    );
    await everyReplicaServes(ctx, pins, 'once re-seeded');
    return {
      status: 'PASS',
      detail: `0 of ${PINS} ids switched model; ${backAt2s}/${PINS} back in Redis within ${WITHIN_MS / 1000} s of the first request (all in ${Math.round(allBackMs)} ms), every replica agrees`,
    };
  },
};

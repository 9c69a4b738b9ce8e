import { check, type Phase } from '../context.ts';
import { everyReplicaServes, pinAndWarm } from './near-support.ts';

const PINS = 20;
const STALL_SECONDS = 2;

/**
 * Phase 10: Redis stalls (`DEBUG SLEEP 2`) while pinned loops go on. The near caches answer: no
 * pinned id moves, and every pinned request is answered while Redis is still asleep (none waits on
 * the store timeout, none waits for Redis to wake up).
 */
export const stallPhase: Phase = {
  name: 'stall',
  title: 'stall: DEBUG SLEEP 2 moves no pinned id',
  async run(ctx) {
    const stall = ctx.deployment.stall;
    if (typeof stall !== 'function') return { status: 'SKIP', detail: stall.skip };
    const pins = await pinAndWarm(ctx, 'st', PINS);
    ctx.report.detail(`${PINS} ids pinned on every replica; DEBUG SLEEP ${STALL_SECONDS}…`);
    const sleeping = stall(STALL_SECONDS);
    const stalledAt = performance.now();
    await Bun.sleep(150);
    const during = [
      ...(await everyReplicaServes(ctx, pins, 'during the stall')),
      ...(await everyReplicaServes(ctx, pins, 'during the stall, again')),
    ];
    const answeredWithin = performance.now() - stalledAt;
    await sleeping;
    const maxMs = Math.max(...during.map((o) => o.ms));
    ctx.report.detail(
      `${during.length} pinned requests during the stall, all on their model, all answered ${Math.round(answeredWithin)} ms into the ${STALL_SECONDS} s stall (slowest ${Math.round(maxMs)} ms)`,
    );
    check(
      answeredWithin < STALL_SECONDS * 1000,
      `pinned requests took until ${Math.round(answeredWithin)} ms into the stall: they waited on Redis`,
    );
    await everyReplicaServes(ctx, pins, 'after the stall');
    return {
      status: 'PASS',
      detail: `${during.length} pinned requests during DEBUG SLEEP ${STALL_SECONDS}: 0 moved, slowest ${Math.round(maxMs)} ms (none waited on Redis)`,
    };
  },
};

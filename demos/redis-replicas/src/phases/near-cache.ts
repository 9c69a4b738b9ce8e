import { check, type Phase } from '../context.ts';
import { commandsExecuted, everyReplicaServes, pinAndWarm } from './near-support.ts';

const PINS = 20;
const ROUNDS = 3;
/** The target: at most this many Redis commands per pinned request in steady state. */
export const MAX_COMMANDS_PER_PINNED = 0.1;

/**
 * Phase 7: every replica holds the pins it served in its near cache, kept coherent by Redis
 * (`CLIENT TRACKING`). In steady state pinned requests cost (almost) no Redis command, counted
 * with `INFO commandstats` around a burst of pinned requests.
 */
export const nearCachePhase: Phase = {
  name: 'near-cache',
  title: 'near cache: pinned requests mostly skip Redis (INFO commandstats)',
  async run(ctx) {
    const pins = await pinAndWarm(ctx, 'nc', PINS);
    ctx.report.detail(`${PINS} ids pinned and served once by each of ${ctx.replicas.length} replicas`);
    const before = await commandsExecuted(ctx.redis);
    let requests = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      requests += (await everyReplicaServes(ctx, pins, `round ${round}`)).length;
    }
    const commands = (await commandsExecuted(ctx.redis)) - before;
    const perRequest = commands / requests;
    ctx.report.detail(
      `${requests} pinned requests (every one on its model) → ${commands} Redis commands (${perRequest.toFixed(3)} per request)`,
    );
    check(
      perRequest <= MAX_COMMANDS_PER_PINNED,
      `${perRequest.toFixed(3)} Redis commands per pinned request, target ≤ ${MAX_COMMANDS_PER_PINNED} (is session_cache.near_cache.enabled off?)`,
    );
    return {
      status: 'PASS',
      detail: `${requests} pinned requests over ${ctx.replicas.length} replicas cost ${commands} Redis commands (${perRequest.toFixed(3)} per request, target ≤ ${MAX_COMMANDS_PER_PINNED})`,
    };
  },
};

import { admin, describeOutcome } from '../client.ts';
import { adminHint, check, type Phase, replicaAt, replicaName } from '../context.ts';
import { askPinned, type LivePin, NEAR_PIN_TTL, nameOf, percentile, pinAndWarm } from './near-support.ts';

const PINS = 5;
/** The target: a re-pin on one replica is served by every other one within this long. */
export const MAX_REPIN_VISIBLE_MS = 250;
/** Give up on a replica after this long (then the phase fails with what it saw). */
const GIVE_UP_MS = 3_000;

/** Polls `replica` with requests until one is served by `model`; resolves the milliseconds it took. */
async function firstServedBy(
  ctx: Parameters<Phase['run']>[0],
  replica: string,
  pin: LivePin,
  model: string,
  since: number,
): Promise<number> {
  for (let i = 0; performance.now() - since < GIVE_UP_MS; i++) {
    const o = await askPinned(replica, pin, i);
    if (o.model === model) return performance.now() - since;
    if (o.status !== 200) throw new Error(`${pin.id} on ${nameOf(ctx, replica)}: ${describeOutcome(o)}`);
    await Bun.sleep(2);
  }
  throw new Error(
    `${pin.id}: ${nameOf(ctx, replica)} still served the old model ${GIVE_UP_MS} ms after the re-pin`,
  );
}

/**
 * Phase 8: an explicit re-pin (`PUT /affinity/v1/{id}`) on one replica reaches the near caches of
 * the others through Redis's invalidation, well within 250 ms.
 */
export const crossReplicaPhase: Phase = {
  name: 'cross-replica',
  title: 'cross-replica: a re-pin on one replica is served by the others within 250 ms',
  async run(ctx) {
    const pins = await pinAndWarm(ctx, 'xr', PINS);
    const models = [...new Set([...pins.map((p) => p.model), ctx.learned.build, ctx.learned.analyse])].filter(
      (m): m is string => typeof m === 'string' && m.length > 0,
    );
    if (models.length < 2)
      return { status: 'SKIP', detail: 'the router sent every prompt to one model; nothing to re-pin to' };
    const delays: number[] = [];
    for (const [i, pin] of pins.entries()) {
      const target = models.find((m) => m !== pin.model) as string;
      const writer = replicaAt(ctx, i);
      const put = await admin(writer, 'PUT', pin.id, {
        token: ctx.options.adminToken,
        body: { model: target, ttl_seconds: NEAR_PIN_TTL },
      });
      check(
        put.status >= 200 && put.status < 300,
        `PUT /affinity/v1/${pin.id} answered ${put.status}${adminHint(put.status)}`,
      );
      const since = performance.now();
      const others = ctx.replicas.filter((r) => r !== writer);
      const ms = await Promise.all(others.map((r) => firstServedBy(ctx, r, pin, target, since)));
      delays.push(...ms);
      ctx.report.detail(
        `${pin.id}: ${replicaName(ctx, i)} re-pinned ${pin.model} → ${target}; ` +
          others.map((r, k) => `${nameOf(ctx, r)} served it after ${Math.round(ms[k] ?? 0)} ms`).join(', '),
      );
    }
    const p99 = percentile(delays, 99);
    check(
      p99 <= MAX_REPIN_VISIBLE_MS,
      `p99 ${Math.round(p99)} ms until other replicas served a re-pin, target ≤ ${MAX_REPIN_VISIBLE_MS} ms`,
    );
    return {
      status: 'PASS',
      detail: `${delays.length} re-pin observations: p50 ${Math.round(percentile(delays, 50))} ms, p99 ${Math.round(p99)} ms (target ≤ ${MAX_REPIN_VISIBLE_MS} ms)`,
    };
  },
};

import { admin } from '../client.ts';
import { adminHint, check, type Phase, pinKey } from '../context.ts';
import { askPinned, nameOf, pinAndWarm } from './near-support.ts';

const GIVE_UP_MS = 3_000;

/** Polls until `seen()` holds on `replica`; resolves the milliseconds it took. */
async function until(seen: () => Promise<boolean>, what: string): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < GIVE_UP_MS) {
    if (await seen()) return performance.now() - started;
    await Bun.sleep(5);
  }
  throw new Error(`${what} not seen within ${GIVE_UP_MS} ms`);
}

/**
 * Phase 9: a pin key written or deleted by hand (`redis-cli SET`/`DEL`, here from the verifier's own
 * plain connection) reaches every replica's near cache: Redis invalidates every copy.
 */
export const externalWritePhase: Phase = {
  name: 'external-write',
  title: 'external write: a redis-cli SET and DEL of a pin key is seen by every replica',
  async run(ctx) {
    const [pin] = await pinAndWarm(ctx, 'ext', 1);
    check(pin, 'no pin was made');
    const key = await pinKey(ctx, pin.id);
    const target =
      [ctx.learned.build, ctx.learned.analyse].find((m) => m && m !== pin.model) ?? 'external/hand-written';
    const value = JSON.stringify({
      model_name: target,
      route_name: null,
      source: 'explicit',
      pinned_at: Date.now(),
    });
    ctx.report.detail(`SET ${key} '{"model_name":"${target}",…}' EX 60`);
    await ctx.redis.set(key, value, 'EX', 60);
    const setMs = await Promise.all(
      ctx.replicas.map((replica) =>
        until(
          async () => {
            const view = await admin(replica, 'GET', pin.id, { token: ctx.options.adminToken });
            check(view.status !== 401 && view.status !== 403, `admin API refused${adminHint(view.status)}`);
            return (view.body as { model?: string } | null)?.model === target;
          },
          `${nameOf(ctx, replica)}: the SET`,
        ),
      ),
    );
    ctx.report.detail(
      `every replica serves ${target}: ${setMs.map((ms, i) => `r${i + 1} ${Math.round(ms)} ms`).join(', ')}`,
    );
    ctx.report.detail(`DEL ${key}`);
    await ctx.redis.del(key);
    const delMs = await Promise.all(
      ctx.replicas.map((replica) =>
        until(
          async () => (await admin(replica, 'GET', pin.id, { token: ctx.options.adminToken })).status === 404,
          `${nameOf(ctx, replica)}: the DEL`,
        ),
      ),
    );
    ctx.report.detail(
      `every replica reports no pin: ${delMs.map((ms, i) => `r${i + 1} ${Math.round(ms)} ms`).join(', ')}`,
    );
    const fresh = await askPinned(ctx.replicas[0] ?? '', pin, 0);
    check(!fresh.pinned, `${pin.id}: after the DEL the next request was still served from a pin`);
    return {
      status: 'PASS',
      detail: `SET seen by all ${ctx.replicas.length} replicas within ${Math.round(Math.max(...setMs))} ms, DEL within ${Math.round(Math.max(...delMs))} ms; the next request routed afresh`,
    };
  },
};

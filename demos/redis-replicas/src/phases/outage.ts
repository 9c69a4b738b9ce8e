import { type ChatOutcome, chat, describeOutcome } from '../client.ts';
import {
  check,
  checkServed,
  type Phase,
  PhaseFailure,
  replicaAt,
  replicaName,
  sessionId,
  type VerifyContext,
} from '../context.ts';
import { familyAt, promptFor } from '../prompts.ts';

/** How long requests keep flowing while Redis is away. */
const DOWN_MS = 1500;
/** How long to wait for pins to work again once Redis is back (the client reconnects by itself). */
const RECOVERY_MS = 15_000;

type Stage = 'before' | 'down' | 'after';

/** Sends requests to every replica in a loop until stopped, tagging each with the stage it started in. */
function flow(ctx: VerifyContext, id: string, stage: () => Stage) {
  const log: Array<ChatOutcome & { stage: Stage }> = [];
  let running = true;
  const loops = ctx.replicas.map(async (replica, r) => {
    for (let i = 0; running; i++) {
      const at = stage();
      const o = await chat(replica, {
        prompt: promptFor(familyAt(i + r), i),
        affinity: id,
        timeoutMs: 10_000,
      });
      log.push({ ...o, stage: at });
      await Bun.sleep(25);
    }
  });
  return {
    log,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Polls with fresh ids until one pins on replica 1 and is served from the pin by every other replica. */
async function waitForPins(ctx: VerifyContext): Promise<number> {
  const started = Date.now();
  for (let attempt = 1; Date.now() - started < RECOVERY_MS; attempt++) {
    const id = sessionId(ctx, `recover${attempt}`);
    const first = await chat(replicaAt(ctx, 0), { prompt: promptFor('build', attempt), affinity: id });
    const rest = await Promise.all(
      ctx.replicas
        .slice(1)
        .map((replica) => chat(replica, { prompt: promptFor('analyse', attempt), affinity: id })),
    );
    const ok =
      first.status === 200 &&
      !first.storeUnavailable &&
      rest.every((o) => o.status === 200 && o.pinned && o.model === first.model);
    if (ok) {
      ctx.report.detail(
        `${id}: ${replicaName(ctx, 0)} pinned ${first.model}; other replicas served it [PINNED]`,
      );
      return Date.now() - started;
    }
    await Bun.sleep(250);
  }
  throw new PhaseFailure(`pins did not work again within ${RECOVERY_MS / 1000} s of Redis coming back`);
}

/**
 * Phase 11: Redis goes away while requests flow. Every replica keeps answering (fail open: no 5xx,
 * `x-tether-affinity: unavailable`); when Redis is back, pins work again without restarting anything.
 */
export const outagePhase: Phase = {
  name: 'outage',
  title: 'outage: Redis goes away while requests flow, then comes back',
  async run(ctx) {
    const outage = ctx.deployment.outage;
    if ('skip' in outage) return { status: 'SKIP', detail: outage.skip };
    const id = sessionId(ctx, 'outage');
    const first = await chat(replicaAt(ctx, 0), { prompt: promptFor('build', 0), affinity: id });
    ctx.report.detail(`${replicaName(ctx, 0)}  pin before the outage → ${describeOutcome(first)}`);
    checkServed(first, 'request before the outage');

    let stage: Stage = 'before';
    const traffic = flow(ctx, id, () => stage);
    let recoveredMs = 0;
    try {
      await Bun.sleep(300);
      ctx.report.detail(`${outage.how} while ${ctx.replicas.length} request loops run…`);
      await outage.down();
      stage = 'down';
      await Bun.sleep(DOWN_MS);
      const during = traffic.log.filter((o) => o.stage === 'down');
      ctx.report.detail(
        `answered so far during the outage: ${during.length} requests, statuses ${[...new Set(during.map((o) => o.status))].join('/')}, ` +
          `${during.filter((o) => o.storeUnavailable).length} with x-tether-affinity: unavailable, ` +
          `${during.filter((o) => o.cached).length} with x-tether-affinity: cached (near cache)`,
      );
      ctx.report.detail('bringing Redis back…');
      await outage.up();
      stage = 'after';
      recoveredMs = await waitForPins(ctx);
    } finally {
      await traffic.stop();
    }

    const bad = traffic.log.filter((o) => o.status === 0 || o.status >= 500);
    check(
      bad.length === 0,
      `${bad.length} requests failed: ${bad.slice(0, 3).map(describeOutcome).join('; ')}`,
    );
    const during = traffic.log.filter((o) => o.stage === 'down');
    for (const [i, replica] of ctx.replicas.entries()) {
      const mine = during.filter((o) => o.replica === replica);
      check(mine.length > 0, `${replicaName(ctx, i)} answered no request while Redis was down`);
      // A replica that holds the pin in its near cache keeps serving it (`cached`); one that does not fails open.
      check(
        mine.some((o) => o.storeUnavailable || o.cached),
        `${replicaName(ctx, i)} never said x-tether-affinity: unavailable or cached while Redis was down`,
      );
      const moved = mine.filter((o) => o.cached && o.model !== first.model);
      check(
        moved.length === 0,
        `${replicaName(ctx, i)} served a cached pin on ${moved[0]?.model}, pinned to ${first.model}`,
      );
    }
    const restarted = ctx.deployment.restarted();
    check(restarted.length === 0, `replicas exited during the outage:\n${restarted.join('\n')}`);
    const who = ctx.deployment.identity();
    return {
      status: 'PASS',
      detail:
        `${during.length} requests while Redis was down, all answered (no 5xx, ` +
        `${during.filter((o) => o.storeUnavailable).length} x-tether-affinity: unavailable, ` +
        `${during.filter((o) => o.cached).length} cached on their pinned model); pins back ` +
        `${(recoveredMs / 1000).toFixed(1)} s after Redis returned, no replica restarted${who ? ` (${who})` : ''}`,
    };
  },
};

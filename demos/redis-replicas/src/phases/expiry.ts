import { admin, type ChatOutcome, chat, describeOutcome } from '../client.ts';
import {
  adminHint,
  check,
  checkServed,
  type Phase,
  pinExists,
  pinKey,
  readPin,
  replicaAt,
  replicaName,
  sessionId,
  type VerifyContext,
} from '../context.ts';
import { promptFor } from '../prompts.ts';

/** Longest configured TTL the phase waits out; longer ones get a dedicated short pin instead. */
export const MAX_WAITED_TTL = 30;
/** TTL of the explicit pin used when the deployment's own TTL is too long to wait for. */
export const SHORT_PIN_TTL = 2;

async function step(
  ctx: VerifyContext,
  index: number,
  what: string,
  o: Promise<ChatOutcome>,
): Promise<ChatOutcome> {
  const out = await o;
  ctx.report.detail(`${replicaName(ctx, index)}  ${what} → ${describeOutcome(out)}  [pinned: ${out.pinned}]`);
  checkServed(out, what);
  return out;
}

/** Creates the pin that will expire: a routed one (short configured TTL) or an explicit short one. */
async function pinToExpire(ctx: VerifyContext, id: string): Promise<{ model: string; ttl: number }> {
  const ttl = ctx.options.ttl;
  if (ttl <= MAX_WAITED_TTL) {
    const first = await step(
      ctx,
      0,
      'build prompt (first)',
      chat(replicaAt(ctx, 0), { prompt: promptFor('build', 1), affinity: id }),
    );
    check(!first.pinned, `${id}: the first request came back pinned`);
    return { model: first.model ?? '', ttl };
  }
  const model = ctx.learned.build;
  check(model, 'phase 1 learned no model to pin explicitly');
  ctx.report.detail(
    `configured TTL ${ttl} s is too long to wait: PUT /affinity/v1/${id} {"model":"${model}","ttl_seconds":${SHORT_PIN_TTL}}`,
  );
  const put = await admin(replicaAt(ctx, 0), 'PUT', id, {
    token: ctx.options.adminToken,
    body: { model, ttl_seconds: SHORT_PIN_TTL },
  });
  check(
    put.status >= 200 && put.status < 300,
    `PUT /affinity/v1/${id} answered ${put.status}${adminHint(put.status)}: ${JSON.stringify(put.body)}`,
  );
  return { model, ttl: SHORT_PIN_TTL };
}

/**
 * Phase 5: once a pin's TTL has elapsed, the next request (on another replica, with a prompt that
 * routes elsewhere) is routed afresh and pins again.
 */
export const expiryPhase: Phase = {
  name: 'expiry',
  title: 'expiry: after the TTL the next request routes afresh and pins again',
  async run(ctx) {
    const id = sessionId(ctx, 'expiry');
    const pinned = await pinToExpire(ctx, id);
    const hit = await step(
      ctx,
      1,
      'analyse prompt',
      chat(replicaAt(ctx, 1), { prompt: promptFor('analyse', 1), affinity: id }),
    );
    check(hit.pinned && hit.model === pinned.model, `${id}: the pin did not hold before expiry`);

    const key = await pinKey(ctx, id);
    ctx.report.detail(`waiting for the ${pinned.ttl} s TTL to run out (polling EXISTS ${key})…`);
    const started = Date.now();
    const deadline = started + (pinned.ttl + 5) * 1000;
    while (await pinExists(ctx, id)) {
      check(Date.now() < deadline, `${key} still exists ${pinned.ttl + 5} s after it was pinned`);
      await Bun.sleep(200);
    }
    ctx.report.detail(`key gone after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const fresh = await step(
      ctx,
      2,
      'analyse prompt after expiry',
      chat(replicaAt(ctx, 2), { prompt: promptFor('analyse', 2), affinity: id }),
    );
    check(!fresh.pinned, `${id}: served from a pin after the TTL elapsed`);
    const expected = ctx.learned.analyse;
    if (expected && expected !== pinned.model) {
      check(
        fresh.model === expected,
        `${id}: routed afresh to ${fresh.model}, expected ${expected} for this prompt`,
      );
    }
    const again = await step(
      ctx,
      0,
      'build prompt',
      chat(replicaAt(ctx, 0), { prompt: promptFor('build', 2), affinity: id }),
    );
    check(again.pinned && again.model === fresh.model, `${id}: the new pin did not hold (${again.model})`);
    const stored = await readPin(ctx, await pinKey(ctx, id));
    check(stored?.model_name === fresh.model, `${key} does not hold the new model ${fresh.model}`);
    const change = fresh.model === pinned.model ? `still ${fresh.model}` : `${pinned.model} → ${fresh.model}`;
    return {
      status: 'PASS',
      detail: `pin expired after its ${pinned.ttl} s TTL, re-routed and pinned again (${change})`,
    };
  },
};

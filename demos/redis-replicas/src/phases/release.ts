import { admin, chat, describeOutcome } from '../client.ts';
import {
  check,
  checkServed,
  type Phase,
  pinExists,
  pinKey,
  replicaAt,
  replicaName,
  sessionId,
} from '../context.ts';
import { promptFor } from '../prompts.ts';

/**
 * Phase 6: `DELETE /affinity/v1/{id}` on one replica releases the pin for all of them: the key is
 * gone, every replica's admin API says 404, and the next request (on another replica) routes afresh.
 */
export const releasePhase: Phase = {
  name: 'release',
  title: 'release: DELETE /affinity/v1/{id} on one replica releases it everywhere',
  async run(ctx) {
    const id = sessionId(ctx, 'release');
    const token = ctx.options.adminToken;
    const last = ctx.replicas.length - 1;
    const first = await chat(replicaAt(ctx, 0), { prompt: promptFor('build', 3), affinity: id });
    ctx.report.detail(`${replicaName(ctx, 0)}  build prompt (first) → ${describeOutcome(first)}`);
    checkServed(first, 'first request');

    for (const [i, replica] of ctx.replicas.entries()) {
      const view = await admin(replica, 'GET', id, { token });
      ctx.report.detail(
        `${replicaName(ctx, i)}  GET /affinity/v1/${id} → ${view.status} ${JSON.stringify(view.body)}`,
      );
      check(
        view.status === 200,
        `GET /affinity/v1/${id} on ${replica} answered ${view.status} before the release`,
      );
      check(
        JSON.stringify(view.body).includes(first.model ?? '\0'),
        `${replica} does not report ${first.model}`,
      );
    }

    const key = await pinKey(ctx, id);
    const del = await admin(replicaAt(ctx, last), 'DELETE', id, { token });
    ctx.report.detail(`${replicaName(ctx, last)}  DELETE /affinity/v1/${id} → ${del.status}`);
    const hint =
      del.status === 401 || del.status === 403 ? ' (pass --admin-token for a token-protected admin API)' : '';
    check(
      del.status >= 200 && del.status < 300,
      `DELETE answered ${del.status}${hint}: ${JSON.stringify(del.body)}`,
    );
    check(!(await pinExists(ctx, id)), `${key} is still in Redis after DELETE`);
    ctx.report.detail(`EXISTS ${key} → 0`);
    for (const [i, replica] of ctx.replicas.entries()) {
      const view = await admin(replica, 'GET', id, { token });
      ctx.report.detail(`${replicaName(ctx, i)}  GET /affinity/v1/${id} → ${view.status}`);
      check(view.status === 404, `${replica} still reports a pin after the release (${view.status})`);
    }

    const fresh = await chat(replicaAt(ctx, 1), { prompt: promptFor('analyse', 3), affinity: id });
    ctx.report.detail(
      `${replicaName(ctx, 1)}  analyse prompt → ${describeOutcome(fresh)}  [pinned: ${fresh.pinned}]`,
    );
    checkServed(fresh, 'request after the release');
    check(!fresh.pinned, `${id}: still served from a pin after DELETE`);
    const expected = ctx.learned.analyse;
    if (expected && expected !== first.model) {
      check(fresh.model === expected, `${id}: routed to ${fresh.model} after release, expected ${expected}`);
    }
    const again = await chat(replicaAt(ctx, 0), { prompt: promptFor('build', 0), affinity: id });
    ctx.report.detail(
      `${replicaName(ctx, 0)}  build prompt → ${describeOutcome(again)}  [pinned: ${again.pinned}]`,
    );
    check(again.pinned && again.model === fresh.model, `${id}: the new pin did not hold after the release`);
    const change = fresh.model === first.model ? `still ${fresh.model}` : `${first.model} → ${fresh.model}`;
    return {
      status: 'PASS',
      detail: `released on ${replicaName(ctx, last)}, gone on all ${ctx.replicas.length} replicas and in Redis; re-pinned (${change})`,
    };
  },
};

import { chat, describeOutcome } from '../client.ts';
import { check, checkServed, type Phase, replicaAt, replicaName, sessionId } from '../context.ts';
import { familyAt, promptFor } from '../prompts.ts';

/**
 * Phase 2: with `X-Model-Affinity`. Each session's rounds go round-robin over the replicas and
 * alternate the prompt family (which would switch models without a pin). Round 1 must route and
 * pin (`x-tether-pinned: false`); every later round, on whichever replica, must come from the pin.
 */
export const pinningPhase: Phase = {
  name: 'pinning',
  title: 'with X-Model-Affinity: rounds round-robin over the replicas',
  async run(ctx) {
    const { sessions, rounds } = ctx.options;
    const models = new Set<string>();
    for (let s = 0; s < sessions; s++) {
      const id = sessionId(ctx, `s${s + 1}`);
      ctx.report.detail(`session ${id}`);
      let sessionModel: string | null = null;
      for (let r = 0; r < rounds; r++) {
        const family = familyAt(s + r);
        const o = await chat(replicaAt(ctx, s + r), { prompt: promptFor(family, r), affinity: id });
        const mark = o.pinned ? '[PINNED]' : r === 0 ? '[FIRST — sets affinity]' : '[NOT PINNED]';
        ctx.report.detail(
          `  round ${r + 1}  ${replicaName(ctx, s + r)}  ${family.padEnd(7)}  → ${describeOutcome(o)}  ${mark}`,
        );
        checkServed(o, `${id} round ${r + 1}`);
        if (r === 0) {
          check(!o.pinned, `${id} round 1 came back pinned: the id was already in use`);
          sessionModel = o.model;
        } else {
          check(
            o.pinned,
            `${id} round ${r + 1} on ${o.replica} was routed afresh instead of served from the pin`,
          );
          check(
            o.model === sessionModel,
            `${id} round ${r + 1} on ${o.replica} got ${o.model}, round 1 got ${sessionModel}`,
          );
        }
      }
      if (sessionModel) models.add(sessionModel);
    }
    const later =
      rounds === 1 ? 'no later rounds' : rounds === 2 ? 'round 2 pinned' : `rounds 2–${rounds} pinned`;
    return {
      status: 'PASS',
      detail:
        `${sessions} sessions × ${rounds} rounds over ${ctx.replicas.length} replicas: one model per session, ` +
        `${later} (sessions landed on ${[...models].join(', ')})`,
    };
  },
};

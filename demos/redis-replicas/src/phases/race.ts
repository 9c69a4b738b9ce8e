import { chat } from '../client.ts';
import { check, checkServed, type Phase, pinKey, readPin, sessionId } from '../context.ts';
import { familyAt, promptFor } from '../prompts.ts';

/**
 * Phase 3: for many new sessions the very first request is sent to every replica at the same time,
 * and the replicas get prompts of different families, so each would pin a different model if the
 * store did not make the first claim win. Afterwards every replica must serve each session from one
 * pin, and Redis must hold that model.
 */
export const racePhase: Phase = {
  name: 'race',
  title: 'race: first requests of new sessions hit every replica at once',
  async run(ctx) {
    const n = ctx.options.raceSessions;
    const replicas = ctx.replicas.length;
    const ids = Array.from({ length: n }, (_, s) => sessionId(ctx, `race${s + 1}`));
    ctx.report.detail(
      `firing ${n * replicas} first requests at once (${n} sessions × ${replicas} replicas)…`,
    );
    const first = await Promise.all(
      ids.map((id, s) =>
        Promise.all(
          ctx.replicas.map((replica, r) =>
            chat(replica, { prompt: promptFor(familyAt(s + r), s), affinity: id }),
          ),
        ),
      ),
    );
    const creators = new Map<number, number>();
    let overridden = 0;
    const models = new Map<string, number>();
    for (const [s, outcomes] of first.entries()) {
      const id = ids[s] ?? '';
      outcomes.forEach((o, r) => void checkServed(o, `${id} first request on replica ${r + 1}`));
      const distinct = new Set(outcomes.map((o) => o.model));
      check(
        distinct.size === 1,
        `${id}: the racing replicas served ${outcomes.map((o) => `${o.model}${o.pinned ? ' (pinned)' : ''}${o.storeUnavailable ? ' (store unavailable)' : ''}`).join(', ')}`,
      );
      const model = outcomes[0]?.model ?? '';
      models.set(model, (models.get(model) ?? 0) + 1);
      // Every replica misses and routes; the store lets exactly one claim win (`pinned: false`), the
      // others are served the winner's model from the pin (`pinned: true`).
      const created = outcomes.filter((o) => !o.pinned).length;
      check(
        created === 1,
        `${id}: ${created} replicas reported creating the pin (x-tether-pinned: false); expected 1`,
      );
      const winner = outcomes.findIndex((o) => !o.pinned);
      creators.set(winner, (creators.get(winner) ?? 0) + 1);
      outcomes.forEach((o, r) => {
        const own = ctx.learned[familyAt(s + r)];
        if (own && own !== o.model) overridden++;
      });
    }

    ctx.report.detail('second request of every session on every replica (must be pinned)…');
    const second = await Promise.all(
      ids.map((id, s) =>
        Promise.all(
          ctx.replicas.map((replica, r) =>
            chat(replica, { prompt: promptFor(familyAt(s + r + 1), s), affinity: id }),
          ),
        ),
      ),
    );
    for (const [s, outcomes] of second.entries()) {
      const id = ids[s] ?? '';
      const raced = first[s]?.[0]?.model;
      for (const o of outcomes) {
        checkServed(o, `${id} second request`);
        check(o.pinned, `${id}: ${o.replica} routed the second request afresh instead of using the pin`);
        check(o.model === raced, `${id}: ${o.replica} served ${o.model} after the race settled on ${raced}`);
      }
      const key = await pinKey(ctx, id);
      const stored = await readPin(ctx, key);
      check(stored, `${id}: no key ${key} in Redis after the race`);
      check(
        stored.model_name === raced,
        `${id}: Redis holds ${String(stored.model_name)}, replicas served ${raced}`,
      );
    }
    const spread = [...models.entries()].map(([m, c]) => `${m} ×${c}`).join(', ');
    const wins = [...creators.entries()].sort((a, b) => a[0] - b[0]).map(([r, c]) => `r${r + 1} ×${c}`);
    ctx.report.detail(`each pin was created by exactly one replica (wins: ${wins.join(', ')})`);
    ctx.report.detail(
      `${overridden} of ${n * (replicas - 1)} losing requests were served the winner's model although ` +
        'their own prompt routes to another model',
    );
    return {
      status: 'PASS',
      detail: `${n}/${n} sessions on exactly one model across the ${replicas} replicas and in Redis (${spread})`,
    };
  },
};

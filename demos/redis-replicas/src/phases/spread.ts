import { chat, describeOutcome } from '../client.ts';
import { check, checkServed, type Phase, replicaAt, replicaName } from '../context.ts';
import { familyAt, type PromptFamily, promptFor } from '../prompts.ts';

/**
 * Phase 1: no `X-Model-Affinity`. Requests alternate between "build" and "analyse" prompts and are
 * spread over the replicas; every request is routed afresh, so the models seen vary with the prompt.
 * Variation is what the pins of later phases suppress; its absence is reported, not failed.
 */
export const spreadPhase: Phase = {
  name: 'spread',
  title: 'without X-Model-Affinity: requests spread over the replicas',
  async run(ctx) {
    const total = Math.max(8, ctx.replicas.length * 4);
    const seen = new Map<string, number>();
    const byFamily: Record<PromptFamily, Map<string, number>> = { build: new Map(), analyse: new Map() };
    for (let i = 0; i < total; i++) {
      const family = familyAt(i);
      const o = await chat(replicaAt(ctx, i), { prompt: promptFor(family, i >> 1) });
      ctx.report.detail(`${replicaName(ctx, i)}  ${family.padEnd(7)}  → ${describeOutcome(o)}`);
      checkServed(o, `request ${i + 1}`);
      check(!o.pinned, `request ${i + 1} without a header came back x-tether-pinned: true`);
      const model = o.model ?? '';
      seen.set(model, (seen.get(model) ?? 0) + 1);
      byFamily[family].set(model, (byFamily[family].get(model) ?? 0) + 1);
    }
    for (const family of ['build', 'analyse'] as const) {
      const top = [...byFamily[family].entries()].sort((a, b) => b[1] - a[1])[0];
      if (top) ctx.learned[family] = top[0];
    }
    const models = [...seen.entries()].map(([m, n]) => `${m} ×${n}`).join(', ');
    const note =
      seen.size > 1
        ? 'variation expected without a header'
        : 'one model only: the router sent every prompt to it, so later phases cannot show a model change';
    return {
      status: 'PASS',
      detail: `${total} requests over ${ctx.replicas.length} replicas, ${seen.size} models: ${models} (${note})`,
    };
  },
};

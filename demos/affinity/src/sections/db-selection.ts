import { fileURLToPath } from 'node:url';
import {
  dbRunVerdict,
  formatDbRun,
  formatRecommendation,
  runDbSelectionComparison,
} from '@tether-demo/db-selection-agent';
import type { DemoSection } from './types.ts';

const CONFIG = fileURLToPath(new URL('../../../db-selection-agent/config.yaml', import.meta.url));

const traceOf = (turns: ReadonlyArray<{ turn: number; model: string; pinned: boolean; tools: string[] }>) =>
  turns.map(({ turn, model, pinned, tools }) => ({ turn, model, pinned, tools }));

/** Section 2: a tool-calling loop where the model decides which tools to call. */
export const dbSelectionSection: DemoSection = {
  id: 'db-selection-agent',
  title: 'Database-selection agent: a tool-calling loop',
  async run(context) {
    const gatewayUrl = await context.gatewayFor(CONFIG);
    const result = await runDbSelectionComparison({
      gatewayUrl,
      onTurnStart: (run, turn) =>
        context.progress.update(`db-selection agent, ${run}: turn ${turn} thinking…`),
    });
    context.progress.stop();
    const { style } = context;
    return {
      id: this.id,
      title: this.title,
      text: [
        formatDbRun(result.unpinned, style),
        '',
        formatDbRun(result.pinned, style),
        '',
        formatRecommendation(result.pinned, style),
      ].join('\n'),
      data: {
        without_affinity: { affinity_id: null, turns: traceOf(result.unpinned.turns) },
        with_affinity: { affinity_id: result.pinned.affinityId, turns: traceOf(result.pinned.turns) },
        recommendation: result.pinned.recommendation,
      },
      runs: [
        {
          kind: 'unpinned',
          models: result.unpinned.turns.map((t) => t.model),
          verdict: dbRunVerdict(result.unpinned),
        },
        {
          kind: 'pinned',
          models: result.pinned.turns.map((t) => t.model),
          verdict: dbRunVerdict(result.pinned),
        },
      ],
    };
  },
};

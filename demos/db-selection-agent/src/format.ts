import {
  paintVerdict,
  renderTable,
  type Style,
  SWITCHED,
  switchFlags,
  toolSummary,
  type Verdict,
  verdict,
  wrapText,
} from '@tether-demo/kit';
import type { DbSelectionRun } from './agent.ts';

/** The run's verdict: unpinned runs should switch, pinned runs must not. */
export function dbRunVerdict(run: DbSelectionRun): Verdict {
  return verdict(
    run.affinityId ? 'pinned' : 'unpinned',
    run.turns.map((t) => t.model),
    'turns',
  );
}

/**
 * One run as `turn N  [model]  tools…  ← switched` rows, closed by its verdict line.
 *
 * @example
 * // turn    model            tools
 * // turn 1  [openai/gpt-4o]  get_db_benchmarks ×2
 */
export function formatDbRun(run: DbSelectionRun, style: Style): string {
  const flags = switchFlags(run.turns.map((t) => t.model));
  const rows = run.turns.map((t, i) => [
    `turn ${t.turn}`,
    style.cyan(`[${t.model}]`),
    toolSummary(t.tools),
    flags[i]
      ? style.yellow(SWITCHED)
      : t.pinned
        ? style.dim('pinned')
        : run.affinityId
          ? style.dim('routed, then pinned')
          : '',
  ]);
  const table = renderTable(
    [{ header: 'turn' }, { header: 'model' }, { header: 'tools' }, { header: '' }],
    rows,
    {
      headerStyle: style.bold,
    },
  );
  const title = run.affinityId ? `with X-Model-Affinity: ${run.affinityId}` : 'without affinity';
  return [
    style.bold(title),
    table,
    paintVerdict(run.affinityId ? 'pinned' : 'unpinned', dbRunVerdict(run), style),
  ].join('\n');
}

/** The final recommendation block. */
export function formatRecommendation(run: DbSelectionRun, style: Style): string {
  const text = run.recommendation ?? '(no final answer within the turn limit)';
  return [style.bold('Final recommendation (pinned run):'), wrapText(text, 100, '  ')].join('\n');
}

import {
  AFFINITY_HEADER,
  type Cell,
  excerpt,
  paintVerdict,
  renderTable,
  type Style,
  SWITCHED,
  switchFlags,
  type Verdict,
  verdict,
  withoutModelTag,
  wrapText,
} from '@tether-demo/kit';
import type { AgentResponse } from './server.ts';

/** The same research task run twice: routed per step, then pinned with `X-Model-Affinity`. */
export interface ResearchComparison {
  unpinned: AgentResponse;
  pinned: AgentResponse;
}

const EXCERPT_WIDTH = 48;

/** Verdicts for the unpinned run, then the pinned run. */
export function researchVerdicts(result: ResearchComparison): [Verdict, Verdict] {
  return [
    verdict(
      'unpinned',
      result.unpinned.routing_trace.map((s) => s.model),
      'steps',
    ),
    verdict(
      'pinned',
      result.pinned.routing_trace.map((s) => s.model),
      'steps',
    ),
  ];
}

function modelCells(run: AgentResponse, style: Style): Cell[] {
  const flags = switchFlags(run.routing_trace.map((s) => s.model));
  return run.routing_trace.map((entry, i) => {
    const answer = run.step_outputs.find((o) => o.step === entry.step)?.content ?? '';
    const marker = flags[i] ? ` ${style.yellow(SWITCHED)}` : entry.pinned ? ` ${style.dim('pinned')}` : '';
    const model = style.cyan(entry.model) + marker;
    return [model, style.dim(excerpt(withoutModelTag(answer), EXCERPT_WIDTH))];
  });
}

/**
 * The two research runs side by side (step, task, model and an excerpt of each answer, `← switched`
 * where the model changed), both verdicts, then the pinned run's final report.
 */
export function formatResearchComparison(result: ResearchComparison, style: Style): string {
  const without = modelCells(result.unpinned, style);
  const withPin = modelCells(result.pinned, style);
  const rows = result.pinned.routing_trace.map((entry, i): Cell[] => [
    String(entry.step),
    entry.task,
    without[i] ?? '',
    withPin[i] ?? '',
  ]);
  const table = renderTable(
    [
      { header: 'step', align: 'right' },
      { header: 'task' },
      { header: 'without affinity' },
      { header: `with ${AFFINITY_HEADER}: ${result.pinned.session_id ?? ''}`.trim() },
    ],
    rows,
    { headerStyle: style.bold },
  );
  const [unpinnedVerdict, pinnedVerdict] = researchVerdicts(result);
  const report = result.pinned.choices[0]?.message.content ?? '';
  return [
    table,
    '',
    paintVerdict('unpinned', unpinnedVerdict, style),
    paintVerdict('pinned', pinnedVerdict, style),
    '',
    style.bold('Final report (pinned run):'),
    wrapText(report, 100, '  '),
  ].join('\n');
}

import type { Style } from '@tether-demo/kit';
import type { DemoMode } from './args.ts';
import type { SectionResult } from './sections/index.ts';

/** The opening lines: where calls go and what the reader is about to see. */
export function formatBanner(mode: DemoMode, where: string, style: Style): string {
  const label =
    mode.kind === 'simulated' ? style.yellow('SIMULATED') : mode.kind === 'real' ? 'REAL' : 'EXTERNAL';
  return [
    style.bold(`Tether model-affinity demo [${label}${style.bold(']')}`),
    `Models: ${where}`,
    'Agents run without X-Model-Affinity (the router picks a model for every call) and with it',
    '(the first decision is pinned for the whole loop).',
  ].join('\n');
}

/** A numbered section heading, tagged SIMULATED when sim-models answer. */
export function formatSectionHeading(index: number, title: string, mode: DemoMode, style: Style): string {
  const tag = mode.kind === 'simulated' ? ` ${style.yellow('(SIMULATED)')}` : '';
  return style.bold(`── ${index}. ${title}`) + tag;
}

/** The closing line: how many verdicts held. */
export function formatSummary(
  results: readonly SectionResult[],
  failures: readonly string[],
  style: Style,
): string {
  const runs = results.flatMap((r) => r.runs);
  const bad = runs.filter((r) => !r.verdict.ok).length + failures.length;
  return bad === 0
    ? style.green(`All ${runs.length} runs behaved as expected: affinity keeps each agent loop on one model.`)
    : style.red(`${bad} check(s) failed; see the ✗ / ! lines above.`);
}

/** The `--json` document. */
export function toJson(mode: DemoMode, results: readonly SectionResult[], failures: readonly string[]) {
  return {
    mode: mode.kind,
    simulated: mode.kind === 'simulated',
    ok: failures.length === 0 && results.every((r) => r.runs.every((run) => run.verdict.ok)),
    sections: results.map((r) => ({
      id: r.id,
      title: r.title,
      verdicts: r.runs.map((run) => ({ run: run.kind, ok: run.verdict.ok, line: run.verdict.line })),
      cache: r.cache ?? null,
      trace: r.data,
    })),
    errors: failures,
  };
}

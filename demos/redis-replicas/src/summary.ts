import { type Style, stripAnsi } from './style.ts';

export type PhaseStatus = 'PASS' | 'FAIL' | 'SKIP';

/** The outcome of one phase, as printed in its PASS/FAIL line and in the summary table. */
export interface PhaseResult {
  /** 1-based phase number. */
  n: number;
  /** Short name, e.g. `race`. */
  name: string;
  status: PhaseStatus;
  /** One line: what was shown, or what went wrong. */
  detail: string;
  /** Wall time of the phase in milliseconds. */
  ms: number;
}

/** `PASS` green, `FAIL` red, `SKIP` yellow (plain when colour is off). */
export function paintStatus(status: PhaseStatus, style: Style): string {
  if (status === 'PASS') return style.green(status);
  if (status === 'FAIL') return style.red(status);
  return style.yellow(status);
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stripAnsi(text).length));
}

/**
 * Renders the end-of-run table: one aligned row per phase and a verdict line. Widths are measured
 * without colour codes so the columns line up on a terminal and in a plain log alike.
 */
export function formatSummary(results: readonly PhaseResult[], style: Style): string {
  const header = ['#', 'Phase', 'Result', 'Time', 'Detail'];
  const rows = results.map((r) => [
    String(r.n),
    r.name,
    paintStatus(r.status, style),
    formatSeconds(r.ms),
    r.detail,
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => stripAnsi(row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [style.bold('Summary'), line(header.map((h) => style.dim(h))), ...rows.map(line)];
  out.push('', verdict(results, style));
  return out.join('\n');
}

/** `All 7 phases passed.` / `2 of 7 phases FAILED: race, outage.` (a skip is reported, never a failure). */
export function verdict(results: readonly PhaseResult[], style: Style): string {
  const failed = results.filter((r) => r.status === 'FAIL');
  const skipped = results.filter((r) => r.status === 'SKIP');
  const skipNote =
    skipped.length > 0 ? ` (${skipped.length} skipped: ${skipped.map((r) => r.name).join(', ')})` : '';
  if (failed.length === 0) {
    if (skipped.length === 0) return style.green(`All ${phases(results.length)} passed.`);
    return style.green(`${phases(results.length - skipped.length)} passed`) + style.yellow(skipNote) + '.';
  }
  return style.red(
    `${failed.length} of ${phases(results.length)} FAILED: ${failed.map((r) => r.name).join(', ')}${skipNote}.`,
  );
}

function phases(n: number): string {
  return n === 1 ? '1 phase' : `${n} phases`;
}

/** True when no phase failed; the process exits 0 only then. */
export function allPassed(results: readonly PhaseResult[]): boolean {
  return results.length > 0 && results.every((r) => r.status !== 'FAIL');
}

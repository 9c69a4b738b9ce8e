import type { Style } from './style.ts';
import { type PhaseResult, paintStatus } from './summary.ts';

/** Where the verifier's progress goes: stdout normally, stderr with `--json`. */
export interface Reporter {
  readonly style: Style;
  /** A plain progress line. */
  line(text: string): void;
  /** An indented detail line under the current phase. */
  detail(text: string): void;
  /** The heading that opens phase `n`. */
  phase(n: number, title: string): void;
  /** The PASS/FAIL/SKIP line that closes a phase. */
  result(result: PhaseResult): void;
}

/** A reporter that writes whole lines to `write` (e.g. `process.stdout.write`). */
export function createReporter(write: (text: string) => void, style: Style): Reporter {
  const out = (text: string) => write(`${text}\n`);
  return {
    style,
    line: out,
    detail: (text) => out(`    ${text}`),
    phase: (n, title) => out(`\n${style.bold(`Phase ${n}/7 · ${title}`)}`),
    result: (r) => out(`${paintStatus(r.status, style)}  phase ${r.n} ${r.name}: ${r.detail}`),
  };
}

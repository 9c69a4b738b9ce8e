import type { Progress, RunKind, Style, Verdict } from '@tether-demo/kit';
import type { CacheComparison } from '../cache-usage.ts';

/** What a section gets from the runner. */
export interface SectionContext {
  /**
   * A gateway URL serving `configPath` (a demo's `config.yaml`): started on a free port and pointed
   * at sim-models or the real providers, or the `--gateway` URL as given.
   */
  gatewayFor(configPath: string): Promise<string>;
  /** Registers something the section started, stopped when the demo ends or is interrupted. */
  track(stop: () => unknown): void;
  progress: Progress;
  style: Style;
}

/** One run of a section, judged. */
export interface RunResult {
  kind: RunKind;
  /** The model of each step/turn, in order. */
  models: string[];
  verdict: Verdict;
}

/** What a section hands back: text for the terminal, data for `--json`, and its judged runs. */
export interface SectionResult {
  id: string;
  title: string;
  /** Human output (tables, verdict lines, final answer), already styled. */
  text: string;
  /** The traces for `--json`. */
  data: unknown;
  runs: RunResult[];
  /** Prompt-cache share and estimated cost without vs with affinity (filled in by the runner). */
  cache?: CacheComparison | null;
}

/**
 * A demo shown by `bun run demo:affinity`. To add one, write a `DemoSection` in this folder and
 * list it in `sections/index.ts`; the runner prints it, folds its verdicts into the exit status
 * and includes it in `--json`.
 */
export interface DemoSection {
  id: string;
  title: string;
  run(context: SectionContext): Promise<SectionResult>;
}

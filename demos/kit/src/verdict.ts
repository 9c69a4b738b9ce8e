import { countSwitches, distinctModels } from './trace.ts';

/** Whether a run sent `X-Model-Affinity` (`pinned`) or let the router decide every call. */
export type RunKind = 'unpinned' | 'pinned';

/** The one-line judgement closing a run. */
export interface Verdict {
  /**
   * True when the run behaved as the demo expects: an unpinned run switched model at least once
   * (the router is alive), a pinned run used exactly one model.
   */
  ok: boolean;
  /** `✗ without affinity: model switched 3 time(s)` / `✓ with affinity: <model> for all 4 turns`. */
  line: string;
}

/**
 * Judges one run from the models that served its steps, in order. `unit` names a step in the
 * plural (`turns`, `steps`).
 *
 * An unpinned run that switched is the problem the demo shows, so its line starts with `✗` yet
 * `ok` is true; one that never switched means routing is broken (`ok: false`).
 *
 * @example
 * verdict('pinned', ['openai/gpt-4o', 'openai/gpt-4o'], 'turns').line;
 * // '✓ with affinity: openai/gpt-4o for all 2 turns'
 */
export function verdict(kind: RunKind, models: readonly string[], unit: string): Verdict {
  const distinct = distinctModels(models);
  if (kind === 'unpinned') {
    const switches = countSwitches(models);
    if (switches > 0) return { ok: true, line: `✗ without affinity: model switched ${switches} time(s)` };
    const only = distinct[0] ?? 'no model';
    return {
      ok: false,
      line: `! without affinity: ${only} for all ${models.length} ${unit}: the router never switched (is routing configured?)`,
    };
  }
  if (models.length > 0 && distinct.length === 1) {
    return { ok: true, line: `✓ with affinity: ${distinct[0]} for all ${models.length} ${unit}` };
  }
  if (models.length === 0) return { ok: false, line: `✗ with affinity: no ${unit} completed` };
  return {
    ok: false,
    line: `✗ with affinity: ${distinct.length} models across ${models.length} ${unit} (${distinct.join(', ')})`,
  };
}

/** Colours a verdict line: green when the pinned run held, red when a run failed, yellow for the expected unpinned switching. */
export function paintVerdict(
  kind: RunKind,
  v: Verdict,
  style: { green(t: string): string; red(t: string): string; yellow(t: string): string },
): string {
  if (!v.ok) return style.red(v.line);
  return kind === 'pinned' ? style.green(v.line) : style.yellow(v.line);
}

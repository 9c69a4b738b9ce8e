/**
 * For each step, whether its model differs from the previous step's (the first step never
 * counts as a switch).
 *
 * @example
 * switchFlags(['a', 'b', 'b', 'a']); // [false, true, false, true]
 */
export function switchFlags(models: readonly string[]): boolean[] {
  return models.map((model, i) => i > 0 && model !== models[i - 1]);
}

/** How many times consecutive steps changed model. */
export function countSwitches(models: readonly string[]): number {
  return switchFlags(models).filter(Boolean).length;
}

/** Models in order of first use, without repeats. */
export function distinctModels(models: readonly string[]): string[] {
  return [...new Set(models)];
}

/** The `← switched` marker shown beside a step whose model changed. */
export const SWITCHED = '← switched';

/**
 * Groups repeated tool names of one turn: `get_db_benchmarks ×2, get_case_studies`; a turn with
 * no tool calls is the model's `final answer`.
 */
export function toolSummary(tools: readonly string[]): string {
  if (tools.length === 0) return 'final answer';
  const counts = new Map<string, number>();
  for (const t of tools) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
}

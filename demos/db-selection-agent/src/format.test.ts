import { expect, test } from 'bun:test';
import { createStyle } from '@tether-demo/kit';
import type { AgentTurn, DbSelectionRun } from './agent.ts';
import { formatDbRun } from './format.ts';

const turn = (n: number, model: string, tools: string[], pinned = false): AgentTurn => ({
  turn: n,
  model,
  pinned,
  route: null,
  tools,
  text: '',
});

test('an unpinned run prints turn rows with ← switched and its verdict', () => {
  const run: DbSelectionRun = {
    affinityId: null,
    recommendation: 'PostgreSQL',
    turns: [
      turn(1, 'anthropic/claude', ['get_db_benchmarks', 'get_db_benchmarks']),
      turn(2, 'openai/gpt-4o-mini', ['get_case_studies']),
      turn(3, 'openai/gpt-4o-mini', []),
    ],
  };
  expect(formatDbRun(run, createStyle(false)).split('\n')).toEqual([
    'without affinity',
    'turn    model                 tools',
    '──────  ────────────────────  ────────────────────  ──────────',
    'turn 1  [anthropic/claude]    get_db_benchmarks ×2',
    'turn 2  [openai/gpt-4o-mini]  get_case_studies      ← switched',
    'turn 3  [openai/gpt-4o-mini]  final answer',
    '✗ without affinity: model switched 1 time(s)',
  ]);
});

test('a pinned run ends with the ✓ verdict', () => {
  const run: DbSelectionRun = {
    affinityId: 'db-1',
    recommendation: null,
    turns: [turn(1, 'anthropic/claude', ['get_db_benchmarks']), turn(2, 'anthropic/claude', [], true)],
  };
  const out = formatDbRun(run, createStyle(false));
  expect(out).toStartWith('with X-Model-Affinity: db-1');
  expect(out).toEndWith('✓ with affinity: anthropic/claude for all 2 turns');
});

import { expect, test } from 'bun:test';
import { createStyle } from '@tether-demo/kit';
import type { ResearchComparison } from './client.ts';
import { formatResearchComparison, researchVerdicts } from './format.ts';
import type { AgentResponse } from './server.ts';

const A = 'anthropic/claude-sonnet-4-20250514';
const G = 'openai/gpt-4o';

function response(models: string[], sessionId: string | null): AgentResponse {
  const tasks = ['requirements', 'compare', 'schema'];
  return {
    id: 'r',
    object: 'chat.completion',
    created: 0,
    model: models.at(-1) ?? '',
    choices: [
      { index: 0, message: { role: 'assistant', content: 'Choose PostgreSQL.' }, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    routing_trace: models.map((model, i) => ({
      step: i + 1,
      task: tasks[i] ?? '',
      model,
      pinned: sessionId !== null && i > 0,
    })),
    session_id: sessionId,
    step_outputs: models.map((model, i) => ({
      step: i + 1,
      task: tasks[i] ?? '',
      content: `[${model}] answer ${i + 1}`,
    })),
  };
}

const result: ResearchComparison = {
  unpinned: response([A, G, A], null),
  pinned: response([A, A, A], 'research-1'),
};

test('side by side: step, task, both models with ← switched / pinned, excerpts without the model tag', () => {
  const lines = formatResearchComparison(result, createStyle(false)).split('\n');
  expect(lines.slice(0, 8)).toEqual([
    'step  task          without affinity                               with X-Model-Affinity: research-1',
    '────  ────────────  ─────────────────────────────────────────────  ─────────────────────────────────────────',
    `   1  requirements  ${A}             ${A}`,
    '                    answer 1                                       answer 1',
    `   2  compare       ${G} ← switched                       ${A} pinned`,
    '                    answer 2                                       answer 2',
    `   3  schema        ${A} ← switched  ${A} pinned`,
    '                    answer 3                                       answer 3',
  ]);
  expect(lines).toContain('✗ without affinity: model switched 2 time(s)');
  expect(lines).toContain(`✓ with affinity: ${A} for all 3 steps`);
  expect(lines.at(-1)).toBe('  Choose PostgreSQL.');
});

test('verdicts fail when the pinned run moved', () => {
  const [, pinned] = researchVerdicts({ ...result, pinned: response([A, G, A], 'research-1') });
  expect(pinned.ok).toBe(false);
});

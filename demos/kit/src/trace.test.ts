import { describe, expect, test } from 'bun:test';
import { countSwitches, distinctModels, switchFlags, toolSummary } from './trace.ts';

describe('switch detection', () => {
  const routed = [
    'anthropic/claude',
    'openai/gpt-4o',
    'anthropic/claude',
    'anthropic/claude',
    'openai/gpt-4o',
  ];

  test('flags each step whose model differs from the previous one; never the first', () => {
    expect(switchFlags(routed)).toEqual([false, true, true, false, true]);
    expect(switchFlags(['a'])).toEqual([false]);
    expect(switchFlags([])).toEqual([]);
  });

  test('counts switches, not distinct models', () => {
    expect(countSwitches(routed)).toBe(3);
    expect(countSwitches(['a', 'a', 'a'])).toBe(0);
    expect(distinctModels(routed)).toEqual(['anthropic/claude', 'openai/gpt-4o']);
  });
});

test('tool summary groups parallel calls; no tools is the final answer', () => {
  expect(toolSummary(['get_db_benchmarks', 'get_db_benchmarks', 'get_case_studies'])).toBe(
    'get_db_benchmarks ×2, get_case_studies',
  );
  expect(toolSummary([])).toBe('final answer');
});

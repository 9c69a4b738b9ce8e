import { describe, expect, test } from 'bun:test';
import { createStyle } from './style.ts';
import { paintVerdict, verdict } from './verdict.ts';

const claude = 'anthropic/claude-sonnet-4-20250514';
const gpt = 'openai/gpt-4o-mini';

describe('verdict', () => {
  test('unpinned run that switched: the problem the demo shows, and routing works', () => {
    expect(verdict('unpinned', [claude, gpt, claude, gpt], 'turns')).toEqual({
      ok: true,
      line: '✗ without affinity: model switched 3 time(s)',
    });
  });

  test('unpinned run that never switched means the router is not doing its job', () => {
    const v = verdict('unpinned', [gpt, gpt, gpt], 'turns');
    expect(v.ok).toBe(false);
    expect(v.line).toStartWith('! without affinity:');
  });

  test('pinned run on one model', () => {
    expect(verdict('pinned', [claude, claude, claude, claude], 'turns')).toEqual({
      ok: true,
      line: `✓ with affinity: ${claude} for all 4 turns`,
    });
    expect(verdict('pinned', [gpt, gpt], 'steps').line).toBe(`✓ with affinity: ${gpt} for all 2 steps`);
  });

  test('pinned run that used two models fails and names them', () => {
    const v = verdict('pinned', [claude, gpt, claude], 'turns');
    expect(v.ok).toBe(false);
    expect(v.line).toBe(`✗ with affinity: 2 models across 3 turns (${claude}, ${gpt})`);
  });

  test('a pinned run with no turns is not a success', () => {
    expect(verdict('pinned', [], 'turns').ok).toBe(false);
  });

  test('colours: green for a held pin, red for a failure, plain without colour', () => {
    const colour = createStyle(true);
    expect(paintVerdict('pinned', verdict('pinned', [gpt], 'turns'), colour)).toContain('\u001b[32m');
    expect(paintVerdict('pinned', verdict('pinned', [gpt, claude], 'turns'), colour)).toContain('\u001b[31m');
    const plain = verdict('pinned', [gpt], 'turns');
    expect(paintVerdict('pinned', plain, createStyle(false))).toBe(plain.line);
  });
});

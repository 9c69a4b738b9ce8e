import { describe, expect, test } from 'bun:test';
import { colorEnabled, createStyle, stripAnsi } from './style.ts';
import { allPassed, formatSummary, type PhaseResult, verdict } from './summary.ts';

const plain = createStyle(false);
const results: PhaseResult[] = [
  { n: 1, name: 'spread', status: 'PASS', detail: '12 requests, 2 models', ms: 120 },
  { n: 2, name: 'pinning', status: 'FAIL', detail: 'round 3 routed afresh', ms: 1530 },
  { n: 7, name: 'outage', status: 'SKIP', detail: 'not ours to stop', ms: 0 },
];

describe('formatSummary', () => {
  test('one aligned row per phase: every column starts at the same offset', () => {
    const lines = formatSummary(results, plain).split('\n');
    const header = lines[1] ?? '';
    const rows = lines.slice(2, 5);
    expect(rows).toHaveLength(3);
    for (const column of ['Result', 'Time', 'Detail']) {
      const at = header.indexOf(column);
      for (const row of rows) expect(row.slice(at - 2, at)).toBe('  ');
    }
    expect(rows[1]).toContain('FAIL');
    expect(rows[1]).toContain('1.5 s');
    expect(rows[1]).toContain('round 3 routed afresh');
  });

  test('colour codes do not break the alignment', () => {
    const colored = formatSummary(results, createStyle(true));
    expect(colored).toContain('\x1b[31mFAIL\x1b[39m');
    expect(stripAnsi(colored)).toBe(formatSummary(results, plain));
  });

  test('the verdict names failures; a skip is reported but does not fail the run', () => {
    expect(verdict(results, plain)).toBe('1 of 3 phases FAILED: pinning (1 skipped: outage).');
    expect(allPassed(results)).toBe(false);
    const ok = results.filter((r) => r.status !== 'FAIL');
    expect(allPassed(ok)).toBe(true);
    expect(verdict(ok, plain)).toBe('1 phase passed (1 skipped: outage).');
    expect(verdict(ok.slice(0, 1), plain)).toBe('All 1 phase passed.');
    expect(allPassed([])).toBe(false);
  });
});

describe('colorEnabled', () => {
  test('only on a terminal, never with NO_COLOR', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(undefined, {})).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });
});

import { describe, expect, test } from 'bun:test';
import { createStyle } from './style.ts';
import { excerpt, renderTable, visibleWidth } from './table.ts';

describe('renderTable', () => {
  test('pads every column to its widest cell and draws a rule under the header', () => {
    const out = renderTable(
      [{ header: 'turn' }, { header: 'model' }],
      [
        ['turn 1', '[openai/gpt-4o-mini]'],
        ['turn 10', '[anthropic/claude-sonnet-4-20250514]'],
      ],
    );
    expect(out.split('\n')).toEqual([
      'turn     model',
      '───────  ────────────────────────────────────',
      'turn 1   [openai/gpt-4o-mini]',
      'turn 10  [anthropic/claude-sonnet-4-20250514]',
    ]);
  });

  test('coloured cells align like plain ones', () => {
    const colour = createStyle(true);
    const rows = [
      ['1', colour.cyan('a'), 'x'],
      ['2', 'bbb', 'y'],
    ];
    const lines = renderTable([{ header: 'n' }, { header: 'm' }, { header: 'z' }], rows).split('\n');
    const plain = lines.map((l) => Bun.stripANSI(l));
    expect(plain[2]).toBe('1  a    x');
    expect(plain[3]).toBe('2  bbb  y');
  });

  test('multi-line cells stack inside one row; right alignment pads on the left', () => {
    const out = renderTable(
      [{ header: 'step', align: 'right' }, { header: 'answer' }],
      [['1', ['openai/gpt-4o', 'Key requirements…']]],
      { rule: false },
    );
    expect(out.split('\n')).toEqual(['step  answer', '   1  openai/gpt-4o', '      Key requirements…']);
  });

  test('no trailing spaces, so piped output diffs cleanly', () => {
    const out = renderTable([{ header: 'a' }, { header: 'b' }], [['long value', '']]);
    for (const line of out.split('\n')) expect(line).toBe(line.trimEnd());
  });
});

describe('excerpt', () => {
  test('flattens whitespace and cuts with an ellipsis at the width', () => {
    const cut = excerpt('CREATE TABLE orders (\n  id BIGSERIAL PRIMARY KEY\n)', 20);
    expect(cut).toBe('CREATE TABLE orders…');
    expect(visibleWidth(cut)).toBeLessThanOrEqual(20);
  });

  test('leaves short text alone', () => {
    expect(excerpt('  short  text ', 40)).toBe('short text');
  });
});

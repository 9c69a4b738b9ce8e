import { describe, expect, test } from 'bun:test';
import { createProgress } from './progress.ts';
import { createStyle, useColour } from './style.ts';

describe('colour', () => {
  test('on a TTY without NO_COLOR', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
  });

  test('off when piped, and off with NO_COLOR even on a TTY', () => {
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({}, {})).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });

  test('a disabled style returns text unchanged', () => {
    const s = createStyle(false);
    expect(s.bold(s.red('x'))).toBe('x');
  });
});

describe('progress', () => {
  test('writes nothing when the stream is not a TTY', () => {
    const written: string[] = [];
    const p = createProgress({ isTTY: false, write: (c) => written.push(c) > 0 });
    p.update('thinking…');
    p.stop();
    expect(written).toEqual([]);
  });

  test('on a TTY draws the text and clears the line on stop', () => {
    const written: string[] = [];
    const p = createProgress({ isTTY: true, write: (c) => written.push(c) > 0 });
    p.update('turn 2 thinking…');
    p.stop();
    expect(written[0]).toContain('turn 2 thinking…');
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });
});

import { expect, test } from 'bun:test';
import { withoutModelTag, wrapText } from './text.ts';

test('wraps prose at the width with an indent, keeping paragraphs and code lines', () => {
  const text = 'one two three four five six\n\n```sql\nCREATE TABLE a (id INT);\n```';
  expect(wrapText(text, 12, '  ').split('\n')).toEqual([
    '  one two',
    '  three four',
    '  five six',
    '',
    '  ```sql',
    '  CREATE TABLE a (id INT);',
    '  ```',
  ]);
});

test('strips a leading [model] tag only', () => {
  expect(withoutModelTag('[gpt-4o] Building on step 1')).toBe('Building on step 1');
  expect(withoutModelTag('Use [brackets] freely')).toBe('Use [brackets] freely');
});

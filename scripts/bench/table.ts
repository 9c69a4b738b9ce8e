/** Plain-text and Markdown tables with aligned columns. */

/** Left-aligns the first column and right-aligns the rest (numbers); the first row is the header. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  if (!head) return '';
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...body.map(line)].join('\n');
}

const NUMERIC = /^([-+]?[\d.,]+|[—–✓✗]|failed)/;

/** A GitHub Markdown table; a column whose every cell starts with a number is right-aligned. */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  if (!head) return '';
  const cells = (row: readonly string[]): string =>
    `| ${row.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  const align = head.map((_, i) =>
    i > 0 && body.every((row) => NUMERIC.test(row[i] ?? '')) ? '--:' : ':--',
  );
  return [cells(head), cells(align), ...body.map(cells)].join('\n');
}

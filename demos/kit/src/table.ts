/** One column of a `renderTable` table. */
export interface Column {
  /** Header text (plain; it is styled with `headerStyle`). */
  header: string;
  /** @default 'left' */
  align?: 'left' | 'right';
}

/** A cell: one line, or several lines stacked inside the same row. */
export type Cell = string | readonly string[];

export interface TableOptions {
  /** Spaces between columns. @default 2 */
  gap?: number;
  /** Applied to header cells after padding, e.g. `style.bold`. */
  headerStyle?: (text: string) => string;
  /** Draws a `───` rule under the header. @default true */
  rule?: boolean;
  /** Left margin of every line. @default '' */
  indent?: string;
}

/** Display width in terminal columns, ignoring ANSI escapes (so coloured cells still align). */
export function visibleWidth(text: string): number {
  return Bun.stringWidth(text);
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

const linesOf = (cell: Cell | undefined): readonly string[] =>
  cell === undefined ? [''] : typeof cell === 'string' ? [cell] : cell.length === 0 ? [''] : cell;

/**
 * Renders rows as an aligned text table. Widths are measured on visible text, so cells may carry
 * colour; trailing spaces are trimmed so piped output diffs cleanly.
 *
 * @example
 * renderTable([{ header: 'turn' }, { header: 'model' }], [['1', 'openai/gpt-4o']]);
 * // turn  model
 * // ────  ─────────────
 * // 1     openai/gpt-4o
 */
export function renderTable(
  columns: readonly Column[],
  rows: ReadonlyArray<readonly Cell[]>,
  options: TableOptions = {},
): string {
  const gap = ' '.repeat(options.gap ?? 2);
  const indent = options.indent ?? '';
  const widths = columns.map((column, i) =>
    Math.max(visibleWidth(column.header), ...rows.flatMap((row) => linesOf(row[i]).map(visibleWidth))),
  );
  const last = columns.length - 1;
  // The last column is never padded on the right: no trailing blanks, even inside escape codes.
  const cellText = (text: string, i: number) =>
    i === last && columns[i]?.align !== 'right'
      ? text
      : pad(text, widths[i] ?? 0, columns[i]?.align ?? 'left');
  const line = (cells: readonly string[]) => (indent + cells.map(cellText).join(gap)).trimEnd();

  const headerStyle = options.headerStyle ?? ((text: string) => text);
  const out = [(indent + columns.map((c, i) => headerStyle(cellText(c.header, i))).join(gap)).trimEnd()];
  if (options.rule ?? true) out.push(line(widths.map((w) => '─'.repeat(w))));
  for (const row of rows) {
    const cells = columns.map((_, i) => linesOf(row[i]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push(line(cells.map((c) => c[k] ?? '')));
  }
  return out.join('\n');
}

/** Shortens `text` to `max` columns on one line, ending with `…` when cut. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (visibleWidth(flat) <= max) return flat;
  let cut = '';
  for (const ch of flat) {
    if (visibleWidth(cut + ch) > max - 1) break;
    cut += ch;
  }
  return `${cut.trimEnd()}…`;
}

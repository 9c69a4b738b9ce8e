import { visibleWidth } from './table.ts';

/**
 * Word-wraps prose to `width` columns, keeping existing line breaks and indenting every line.
 * Lines that start with code-ish indentation or fences are left as they are.
 *
 * @example
 * wrapText('a long paragraph …', 60, '  ');
 */
export function wrapText(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || /^\s{2,}|^```|^\s*(CREATE|INSERT|SELECT)\b/.test(raw)) {
      out.push((indent + raw).trimEnd());
      continue;
    }
    let line = '';
    for (const word of raw.split(/\s+/).filter(Boolean)) {
      if (line && visibleWidth(indent + line + ' ' + word) > width) {
        out.push(indent + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    out.push(indent + line);
  }
  return out.join('\n');
}

/** Drops the `[model] ` tag sim-models puts before an answer; the trace already names the model. */
export function withoutModelTag(text: string): string {
  return text.replace(/^\s*\[[^\]\s]+\]\s*/, '');
}

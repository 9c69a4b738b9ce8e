/**
 * Deepest nesting a request body may have. Real requests (tool JSON schemas included) stay in the
 * tens; a body of 10,000s of `[` is an attack on whatever walks the value later (JSON.stringify
 * when proxying overflows the stack around 100k levels, turning a client's mistake into a 500).
 */
export const MAX_JSON_DEPTH = 256;

/**
 * True when `text` nests arrays/objects deeper than `max`. One pass over the characters, brackets
 * inside strings ignored; it does not validate the JSON (`JSON.parse` does that afterwards).
 */
export function jsonTooDeep(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

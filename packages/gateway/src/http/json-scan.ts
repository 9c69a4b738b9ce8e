/** Where one top-level member's value sits in the body, in bytes: `[start, end)`. */
export interface ValueSpan {
  start: number;
  end: number;
}

/** What one pass over a JSON body learns without building any value. */
export interface JsonScan {
  /** Nesting went deeper than the limit somewhere. */
  tooDeep: boolean;
  /**
   * The top-level object's members by name, with their value spans; `undefined` when the top level
   * is not an object or when a member cannot be located exactly (a name with an escape sequence,
   * a name that appears twice). Only meaningful once `JSON.parse` accepted the same bytes.
   */
  members: Map<string, ValueSpan> | undefined;
  /** Index just after the top-level `{`. */
  open: number;
  /** Index of the first byte of the JSON text (3 when it starts with a UTF-8 byte order mark). */
  begin: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Index of the quote closing the string whose opening quote is at `open`, or `-1`. */
function stringEnd(bytes: Uint8Array, open: number): number {
  let i = open + 1;
  for (;;) {
    // `indexOf` is a native scan: string contents (most of an agent's body) are skipped in bulk.
    const q = bytes.indexOf(QUOTE, i);
    if (q === -1) return -1;
    let slashes = 0;
    for (let j = q - 1; j > open && bytes[j] === BACKSLASH; j--) slashes++;
    if (slashes % 2 === 0) return q;
    i = q + 1;
  }
}

/**
 * One linear pass over a JSON body's bytes: the nesting depth (a body of 100,000 `[` is an attack
 * on whatever walks the value later) and where each top-level member's value is, so a proxy can
 * replace `model` in the client's bytes instead of re-serialising the whole body. It validates
 * nothing (`JSON.parse` does that); on invalid JSON its answer is meaningless but it always ends.
 */
export function scanJson(bytes: Uint8Array, maxDepth: number): JsonScan {
  const begin = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let members: Map<string, ValueSpan> | undefined = new Map();
  let depth = 0;
  let open = -1;
  let topIsObject = false;
  // Top-level member being read: its name, and the start of its value once past the colon.
  let name: string | undefined;
  let valueStart = -1;
  let lastByte = -1;
  let expectName = false;
  const closeMember = () => {
    if (name !== undefined && valueStart !== -1 && members !== undefined) {
      if (members.has(name)) members = undefined;
      else members.set(name, { start: valueStart, end: lastByte + 1 });
    }
    name = undefined;
    valueStart = -1;
  };
  for (let i = begin; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (isSpace(c)) continue;
    if (depth === 1 && topIsObject && valueStart === -1 && name !== undefined && c !== COLON) valueStart = i;
    if (c === QUOTE) {
      const end = stringEnd(bytes, i);
      if (end === -1) return { tooDeep: false, members: undefined, open, begin };
      if (depth === 1 && topIsObject && expectName) {
        // A name with an escape could spell `model` in a way a byte comparison misses.
        if (bytes.subarray(i + 1, end).includes(BACKSLASH)) members = undefined;
        else name = Buffer.from(bytes.buffer, bytes.byteOffset + i + 1, end - i - 1).toString('utf8');
        expectName = false;
      }
      i = end;
      lastByte = end;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (depth === 0 && c === 0x7b) {
        topIsObject = true;
        open = i + 1;
        expectName = true;
      }
      if (++depth > maxDepth) return { tooDeep: true, members: undefined, open, begin };
    } else if (c === 0x7d || c === 0x5d) {
      if (depth === 1 && topIsObject) closeMember();
      depth--;
    } else if (c === COMMA && depth === 1 && topIsObject) {
      closeMember();
      expectName = true;
      continue;
    }
    lastByte = i;
  }
  return { tooDeep: false, members: topIsObject ? members : undefined, open, begin };
}

import { DEFAULT_MAX_EVENT_BYTES, type SSEEvent, SSEParser } from './sse-parser.ts';

export type { SSEEvent } from './sse-parser.ts';

const encoder = new TextEncoder();

/**
 * Parses SSE bytes incrementally into events with the one `SSEParser`. Comment lines (`: ping`) and
 * events without `data` are skipped. As the SSE spec says, an event not finished by a blank line
 * when the input ends is dropped: a cut stream never yields half a JSON. An event larger than
 * `maxEventBytes` rejects with `SSEEventTooLargeError`.
 *
 * @example
 * for await (const { event, data } of parseSSE(response.body!)) console.log(event, data);
 */
export async function* parseSSE(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  maxEventBytes: number = DEFAULT_MAX_EVENT_BYTES,
): AsyncGenerator<SSEEvent, void, undefined> {
  const parser = new SSEParser(maxEventBytes);
  for await (const chunk of source as AsyncIterable<Uint8Array>) yield* parser.push(chunk).events;
  parser.end();
}

/**
 * Encodes one SSE event. Objects are JSON-encoded; strings are sent as they are (`[DONE]`).
 *
 * @example
 * encodeSSE({ type: 'ping' }, 'ping'); // "event: ping\ndata: {\"type\":\"ping\"}\n\n"
 */
export function encodeSSE(data: unknown, event?: string): Uint8Array {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  const head = event === undefined ? '' : `event: ${event}\n`;
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return encoder.encode(`${head}${lines}\n`);
}

/**
 * One event whose data is a single line (JSON text has no raw line breaks), encoded without the
 * line splitting of `encodeSSE`; `onEvent` sees it as a parser would. Translators emit through this
 * so trajectory watching reads their events without decoding their bytes again.
 */
export function emitSSE(data: string, event?: string, onEvent?: (event: SSEEvent) => void): Uint8Array {
  onEvent?.(event === undefined ? { data } : { event, data });
  const head = event === undefined ? '' : `event: ${event}\n`;
  return encoder.encode(`${head}data: ${data}\n\n`);
}

/** `data: [DONE]\n\n`, the end marker of an OpenAI stream. */
export const SSE_DONE: Uint8Array = encodeSSE('[DONE]');

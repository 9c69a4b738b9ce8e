/** One Server-Sent Event: `event` is absent for the default `message` type (OpenAI never sets it). */
export interface SSEEvent {
  event?: string;
  data: string;
}

const encoder = new TextEncoder();

/**
 * Parses SSE bytes incrementally into events. Chunks may split anywhere (inside a line, inside a
 * UTF-8 sequence, between `\r` and `\n`); LF, CRLF and CR line endings are all accepted. Comment
 * lines (`: ping`) and events without `data` are skipped. As the SSE spec says, an event not
 * finished by a blank line when the input ends is dropped: a cut stream never yields half a JSON.
 *
 * @example
 * for await (const { event, data } of parseSSE(response.body!)) console.log(event, data);
 */
export async function* parseSSE(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<SSEEvent, void, undefined> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event: string | undefined;
  let data: string[] = [];

  function* takeLines(final: boolean): Generator<SSEEvent> {
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      // A lone trailing `\r` may be the first half of a CRLF split across chunks: wait for more.
      if (match === null || (!final && match[0] === '\r' && match.index === buffer.length - 1)) return;
      const line = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (data.length > 0)
          yield event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') };
        event = undefined;
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
    }
  }

  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* takeLines(false);
  }
  buffer += decoder.decode();
  yield* takeLines(true);
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

/** `data: [DONE]\n\n`, the end marker of an OpenAI stream. */
export const SSE_DONE: Uint8Array = encodeSSE('[DONE]');

import { readFileSync } from 'node:fs';
import { parseSSE, type SSEEvent } from '../sse.ts';

/** Reads a fixture file next to the caller (`import.meta.dir`). */
export function fixture(dir: string, name: string): string {
  return readFileSync(`${dir}/__fixtures__/${name}`, 'utf8');
}

/**
 * A byte stream delivering `text` in pieces of `size` bytes, so chunk boundaries fall inside lines,
 * inside JSON strings and inside multi-byte UTF-8 characters. `cutAfter` ends it early with an error
 * (a reset connection) once that many bytes were sent.
 */
export function byteStream(
  text: string,
  size: number,
  options: { cutAfter?: number } = {},
): ReadableStream<Uint8Array> {
  let bytes = new TextEncoder().encode(text);
  const cut = options.cutAfter;
  if (cut !== undefined) bytes = bytes.slice(0, cut);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        if (cut !== undefined) controller.error(new Error('socket reset'));
        else controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

/** Everything a stream produces, decoded. */
export async function readText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

/** Parsed SSE events of a stream, with `data` JSON-decoded when it is JSON. */
export async function readEvents(
  stream: ReadableStream<Uint8Array>,
): Promise<Array<{ event?: string; data: string; json: Record<string, unknown> | undefined }>> {
  const events: Array<{ event?: string; data: string; json: Record<string, unknown> | undefined }> = [];
  for await (const item of parseSSE(stream) as AsyncIterable<SSEEvent>) {
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(item.data);
    } catch {
      json = undefined;
    }
    events.push({ ...item, json });
  }
  return events;
}

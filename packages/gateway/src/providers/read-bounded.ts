/** A body outgrew its limit (the caller maps it to its own error). */
export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

/**
 * Reads a body as text chunk by chunk, throwing `ResponseTooLarge` (and cancelling the body) as
 * soon as it passes `limit` bytes, or at once when `content-length` already says it will.
 */
export async function readBounded(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLarge(limit);
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new ResponseTooLarge(limit);
      parts.push(decoder.decode(value, { stream: true }));
    }
  } catch (error) {
    reader.cancel(error).catch(() => undefined);
    throw error;
  }
  parts.push(decoder.decode());
  return parts.join('');
}

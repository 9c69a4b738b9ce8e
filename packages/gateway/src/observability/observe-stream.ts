/** Callbacks of `observeStream`. */
export interface StreamObserver {
  /** The first chunk arrived. */
  first(): void;
  /** The stream ended: `error` is set when it failed or the reader cancelled it. */
  done(error?: unknown): void;
}

/**
 * Relays `source` chunk by chunk (pulling only when the consumer reads, so nothing is buffered
 * ahead) and reports the first chunk and the end exactly once.
 */
export function observeStream(
  source: ReadableStream<Uint8Array>,
  observer: StreamObserver,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let started = false;
  let finished = false;
  const finish = (error?: unknown): void => {
    if (finished) return;
    finished = true;
    observer.done(error);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await reader.read();
          if (done) {
            finish();
            controller.close();
            return;
          }
          if (!started) {
            started = true;
            observer.first();
          }
          controller.enqueue(value);
        } catch (error) {
          finish(error);
          controller.error(error);
        }
      },
      async cancel(reason) {
        finish(reason ?? new Error('stream cancelled'));
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

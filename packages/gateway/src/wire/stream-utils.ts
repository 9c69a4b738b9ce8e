/**
 * Turns an async generator of byte chunks into a pull-driven `ReadableStream`: a chunk is produced
 * only when the consumer reads, so a slow client slows the upstream read instead of growing a buffer.
 * `onCancel` runs when the consumer cancels (client gone), typically cancelling the upstream reader.
 */
export function streamFromGenerator(
  generator: AsyncGenerator<Uint8Array, void, undefined>,
  onCancel?: (reason: unknown) => Promise<void> | void,
): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await generator.next();
          if (cancelled) return;
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          if (!cancelled) controller.error(error);
        }
      },
      async cancel(reason) {
        cancelled = true;
        // Cancel the source first: a pending upstream read then settles and the generator can finish.
        await onCancel?.(reason);
        await generator.return(undefined).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

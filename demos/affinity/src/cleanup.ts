/** Things to stop, stopped in reverse order of starting. */
export interface Cleanup {
  /** Registers a stopper; returns it for chaining. */
  add(stop: () => unknown): void;
  /** Runs every stopper once (later calls do nothing); a failing stopper doesn't skip the rest. */
  run(): Promise<void>;
}

/**
 * A stack of stoppers for the servers a demo starts.
 *
 * @example
 * const cleanup = createCleanup();
 * const sim = await startSimModels({ port: 0 });
 * cleanup.add(() => sim.stop());
 * await cleanup.run();
 */
export function createCleanup(): Cleanup {
  const stops: Array<() => unknown> = [];
  let running: Promise<void> | undefined;
  return {
    add(stop) {
      stops.push(stop);
    },
    run() {
      running ??= (async () => {
        for (const stop of stops.reverse()) {
          try {
            await stop();
          } catch {
            // Best effort: one server failing to stop must not leave the others running.
          }
        }
      })();
      return running;
    },
  };
}

/**
 * On Ctrl-C (SIGINT) or SIGTERM: run the cleanup, then exit with 130 / 143 as shells expect.
 * Returns a function that removes the handlers.
 */
export function stopOnSignals(
  cleanup: Cleanup,
  onSignal: (signal: NodeJS.Signals) => void = () => {},
): () => void {
  const handler = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    onSignal(signal);
    // A server that will not stop must not trap the user; a second Ctrl-C also kills at once
    // because the handler is registered `once`.
    setTimeout(() => process.exit(code), 3000).unref();
    void cleanup.run().finally(() => process.exit(code));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

import type { AffinityStore } from '@tether/affinity-store';
import type { Gateway } from '../app.ts';
import type { Logger } from '../logger.ts';

/** How a shutdown ended: every in-flight response finished, or the grace period ran out and the rest were cut. */
export type ShutdownOutcome = 'drained' | 'cut';

export interface ShutdownOptions {
  /** The pin store, closed (Redis: `QUIT`) once no request can use it any more. */
  store: AffinityStore;
  logger: Logger;
  /** Longest wait for in-flight requests and streams before they are cut. @default 25000 */
  graceMs?: number;
}

/** Default grace: inside Kubernetes' 30 s `terminationGracePeriodSeconds`, so we finish before SIGKILL. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

/**
 * Stops a listening gateway without cutting answers short: stops accepting connections at once,
 * lets in-flight requests and streams finish (up to `graceMs`, then cuts the rest), then closes the
 * store. Resolves with what happened; never rejects.
 *
 * @example
 * process.once('SIGTERM', async () => {
 *   await shutdownGracefully(app, { store, logger });
 *   process.exit(0);
 * });
 */
export async function shutdownGracefully(app: Gateway, options: ShutdownOptions): Promise<ShutdownOutcome> {
  const { store, logger } = options;
  const graceMs = options.graceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const server = app.server;
  let outcome: ShutdownOutcome = 'drained';
  if (server) {
    logger.info('shutting down: no new connections; finishing in-flight requests', {
      in_flight: server.pendingRequests,
      grace_ms: graceMs,
    });
    // Resolves once every connection has closed; idle keep-alive connections close at once.
    const drained = app.stop(false).then(
      () => 'drained' as const,
      () => 'drained' as const,
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<'cut'>((resolve) => {
      timer = setTimeout(() => resolve('cut'), graceMs);
    });
    outcome = await Promise.race([drained, expired]);
    clearTimeout(timer);
    if (outcome === 'cut') {
      logger.warn('shutdown grace period over; cutting the remaining requests', {
        in_flight: server.pendingRequests,
      });
      await server.stop(true);
      await drained;
    }
  }
  await store.close().catch((error: unknown) => {
    logger.warn('closing the affinity store failed', { error: (error as Error).message });
  });
  logger.info('shutdown complete', { outcome });
  return outcome;
}

/**
 * Shuts down gracefully on the first SIGTERM or SIGINT, then calls `exit(0)`. A second signal
 * while draining cuts what is left at once (an operator pressing Ctrl-C twice).
 */
export function exitOnSignals(
  app: Gateway,
  options: ShutdownOptions,
  exit: (code: number) => void = process.exit,
): void {
  let shutting: Promise<ShutdownOutcome> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shutting) {
      options.logger.warn('second signal: cutting in-flight requests now', { signal });
      void app.server?.stop(true);
      return;
    }
    options.logger.info('signal received', { signal });
    shutting = shutdownGracefully(app, options);
    void shutting.then(() => exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

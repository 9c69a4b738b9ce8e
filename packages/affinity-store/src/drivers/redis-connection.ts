import type { Cluster, Redis } from 'ioredis';
import { AffinityStoreUnavailableError } from '../errors.ts';

/** A standalone/sentinel client or a cluster: the store only uses commands both share. */
export type RedisClient = Redis | Cluster;

/**
 * Reconnect delay for attempt `times`: exponential from 50 ms, capped, ±20 % jitter so replicas do not
 * reconnect in lockstep. Never `null`: ioredis stops reconnecting for good when a strategy returns a non-number.
 */
export function reconnectDelay(times: number, capMs: number): number {
  const base = Math.min(capMs, 50 * 2 ** Math.min(times, 16));
  return Math.max(1, Math.round(base * (0.8 + Math.random() * 0.4)));
}

/** Removes secrets (passwords, URL credentials) from a message before it leaves the driver. */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message.replace(/\/\/[^@/\s]*@/g, '//***@');
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}

/**
 * Wraps any failure as `AffinityStoreUnavailableError`. The raw ioredis error is not kept as `cause`:
 * it can carry the command's arguments (an `AUTH` password) into a logger that prints causes.
 */
export function unavailable(
  op: string,
  error: unknown,
  secrets: readonly string[],
): AffinityStoreUnavailableError {
  if (AffinityStoreUnavailableError.isInstance(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new AffinityStoreUnavailableError(`Redis affinity store: ${op} failed: ${redact(reason, secrets)}`);
}

/** Rejects with `AffinityStoreUnavailableError` when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, op: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new AffinityStoreUnavailableError(`Redis affinity store: ${op} got no reply within ${ms} ms`));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Readiness gate. Before the first `ready` the client connects lazily and a call waits up to
 * `connectTimeoutMs` for it; once it has been ready, a call made while it is reconnecting fails at once
 * instead of queueing (a queued write replayed minutes later could overwrite a newer pin).
 */
export function readinessGate(client: RedisClient, connectTimeoutMs: number): () => Promise<void> {
  let everReady = client.status === 'ready';
  let waiting: Promise<boolean> | undefined;
  client.on('ready', () => {
    everReady = true;
  });

  // One shared waiter, so 100 concurrent first calls add 3 listeners, not 300.
  const waitReady = (): Promise<boolean> => {
    waiting ??= new Promise<boolean>((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('close', onFail);
        client.off('end', onFail);
        waiting = undefined;
        resolve(ok);
      };
      const onReady = (): void => done(true);
      const onFail = (): void => done(false);
      const timer = setTimeout(onFail, connectTimeoutMs);
      client.once('ready', onReady);
      client.once('close', onFail);
      client.once('end', onFail);
    });
    return waiting;
  };

  return async () => {
    const status = client.status;
    if (status === 'ready') return;
    if (status === 'wait' || status === 'end') {
      // `end` means a client gave up reconnecting (e.g. a caller-supplied one): start over rather than stay dead.
      client.connect().catch(() => {});
    } else if (everReady) {
      throw new AffinityStoreUnavailableError(
        `Redis affinity store: connection is ${status}; try again shortly`,
      );
    }
    if (!(await waitReady())) {
      throw new AffinityStoreUnavailableError(
        `Redis affinity store: could not connect within ${connectTimeoutMs} ms (status: ${client.status})`,
      );
    }
  };
}

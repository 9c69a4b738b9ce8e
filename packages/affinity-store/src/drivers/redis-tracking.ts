import type { Redis } from 'ioredis';
import { withTimeout } from './redis-connection.ts';

/** The Pub/Sub channel Redis publishes invalidations on for RESP2 clients (`CLIENT TRACKING … REDIRECT`). */
export const INVALIDATE_CHANNEL = '__redis__:invalidate';

export interface TrackingHooks {
  /** Keys some client (another replica, `redis-cli`, expiry, eviction) modified. */
  onInvalidate(keys: string[]): void;
  /** `FLUSHALL`/`FLUSHDB`: Redis sent a null invalidation; every copy must be revalidated. */
  onFlush(): void;
  /** Tracking is on for generation `gen`: copies of older generations need revalidation. */
  onCoherent(gen: number): void;
  /** Tracking can never work here; the near cache is off for good. */
  onDisabled(reason: string): void;
}

/** Server-assisted client-side caching state of one store. */
export interface Tracking {
  /** Bumped whenever invalidations may have been missed (either connection dropped, tracking failed). */
  readonly gen: number;
  /** True while every write under the prefix is reported to us (tracking on, invalidation connection subscribed). */
  readonly coherent: boolean;
  /** Invalidation messages received (one per key; a flush counts once). */
  readonly invalidations: number;
  /** Starts the invalidation connection (on the data connection's first `ready`). Idempotent. */
  start(): void;
  close(): void;
}

/** Errors that mean "this server will never track" (too old, a proxy, ACL), not "try again later". */
function isPermanent(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /unknown (sub)?command|unknown subcommand|NOPERM|syntax error|wrong number of arguments|not allowed|Unsupported/i.test(
    message,
  );
}

/**
 * BCAST mode on `prefix`, redirected to a dedicated RESP2 connection subscribed to
 * `__redis__:invalidate`, with NOLOOP (our own writes update our copy directly). Why BCAST and not the
 * default mode: claims are `SET NX GET` writes, which default mode does not track (a replica would need
 * an extra `GET` per pin to hear about changes), and BCAST keeps no per-key table on the server (default
 * mode evicts past `tracking-table-max-keys` and floods clients with invalidations). The cost, every
 * replica hearing every pin write, is small: pins are written per session, not per request.
 *
 * On every reconnect of either connection the generation is bumped, the invalidation connection
 * re-subscribes, and tracking is switched off and on again with the new redirect id.
 */
export function createTracking(
  client: Redis,
  prefix: string,
  setupTimeoutMs: number,
  hooks: TrackingHooks,
): Tracking {
  const sub = client.duplicate({ lazyConnect: true, autoResubscribe: false, enableOfflineQueue: false });
  sub.on('error', () => {});
  let gen = 0;
  let coherent = false;
  let invalidations = 0;
  let started = false;
  let closed = false;
  let disabled = false;
  let subscribedId: number | undefined;
  let running = false;
  let again = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const lost = (): void => {
    gen++;
    coherent = false;
  };

  sub.on('messageBuffer', (channel: Buffer, message: unknown) => {
    if (channel.toString() !== INVALIDATE_CHANNEL) return;
    if (message === null || message === undefined) {
      invalidations++;
      // Every copy must be checked again: the generation moves on while tracking stays on.
      gen++;
      hooks.onFlush();
      return;
    }
    const keys = (Array.isArray(message) ? message : [message]).map((k) => String(k));
    invalidations += keys.length;
    hooks.onInvalidate(keys);
  });

  const setup = async (): Promise<void> => {
    if (closed || disabled) return;
    if (running) {
      again = true;
      return;
    }
    if (client.status !== 'ready' || sub.status !== 'ready') return;
    running = true;
    const myGen = gen;
    try {
      if (subscribedId === undefined) {
        const id = Number(await withTimeout(sub.client('ID'), setupTimeoutMs, 'client id'));
        await withTimeout(sub.subscribe(INVALIDATE_CHANNEL), setupTimeoutMs, 'subscribe');
        subscribedId = id;
      }
      // OFF first: ON again with another redirect or prefix set is refused on a connection already tracking.
      await withTimeout(client.call('CLIENT', 'TRACKING', 'OFF'), setupTimeoutMs, 'tracking off');
      const on = ['TRACKING', 'ON', 'REDIRECT', String(subscribedId), 'BCAST', 'PREFIX', prefix, 'NOLOOP'];
      await withTimeout(client.call('CLIENT', ...on), setupTimeoutMs, 'tracking on');
      if (gen === myGen && !closed && client.status === 'ready' && sub.status === 'ready') {
        coherent = true;
        hooks.onCoherent(gen);
      } else if (!closed) {
        // Something happened meanwhile (a drop, a flush): set up again once this run is over.
        again = true;
      }
    } catch (error) {
      if (isPermanent(error)) {
        disabled = true;
        lost();
        hooks.onDisabled(
          `Redis refused CLIENT TRACKING (${error instanceof Error ? error.message : String(error)}); needs Redis >= 6 and the CLIENT command`,
        );
        sub.disconnect();
        return;
      }
      clearTimeout(retry);
      retry = setTimeout(() => void setup(), 1_000);
      retry.unref?.();
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      if (!coherent) void setup();
    }
  };

  client.on('close', lost);
  client.on('ready', () => void setup());
  sub.on('close', () => {
    subscribedId = undefined;
    lost();
  });
  sub.on('ready', () => void setup());

  return {
    get gen() {
      return gen;
    },
    get coherent() {
      return coherent;
    },
    get invalidations() {
      return invalidations;
    },
    start() {
      if (started || closed || disabled) return;
      started = true;
      sub.connect().catch(() => {});
    },
    close() {
      closed = true;
      lost();
      clearTimeout(retry);
      sub.disconnect();
    },
  };
}

import type { Attributes, Span } from '@opentelemetry/api';
import {
  type AffinityKey,
  type AffinityStore,
  AffinityStoreUnavailableError,
  type Pin,
} from '@tether/affinity-store';
import { currentRequest } from './context.ts';
import { hashAffinity } from './hash.ts';
import type { AffinityEvent } from './metrics.ts';
import { failSpan, startChildSpan } from './spans.ts';
import type { ObservabilityCore } from './types.ts';

/**
 * Wraps a store so every call is timed (`tether_affinity_store_duration_seconds`) and counted
 * (`tether_affinity_events_total`), and `get`/`claim` become `affinity.lookup`/`affinity.claim`
 * spans carrying the hashed affinity id, never the raw one. Members it does not wrap (`size`,
 * `list`, `stats`, …) are the store's own.
 */
export function instrumentStore<S extends AffinityStore>(store: S, obs: ObservabilityCore): S {
  const { metrics, tracer } = obs;
  const event = (e: AffinityEvent): void => metrics.affinityEvents.inc({ event: e });
  /** Times `call`; `annotate` adds the result to the span before it ends. */
  const timed = async <T>(
    op: string,
    call: () => Promise<T>,
    span?: Span,
    annotate?: (result: T) => Attributes,
  ): Promise<T> => {
    const end = metrics.storeDuration.startTimer({ backend: store.backend, op });
    try {
      const result = await call();
      if (span !== undefined && annotate !== undefined) span.setAttributes(annotate(result));
      return result;
    } catch (error) {
      if (AffinityStoreUnavailableError.isInstance(error)) event('store_error');
      failSpan(span, error);
      throw error;
    } finally {
      end();
      span?.end();
    }
  };
  const spanFor = (name: string, key: AffinityKey): Span | undefined => {
    const hashed = hashAffinity(key.id, key.tenant);
    const state = currentRequest();
    if (state !== undefined) state.affinityHash = hashed;
    return startChildSpan(tracer, name, {
      'tether.affinity.id_hash': hashed,
      'tether.affinity.backend': store.backend,
    });
  };

  const wrapped: Partial<AffinityStore> = {
    async get(key, options) {
      // A peek (admin or MCP read) is timed but is no lookup: no span, no hit or miss.
      if (options?.peek === true) return await timed('get', () => store.get(key, options));
      const span = spanFor('affinity.lookup', key);
      const pin = await timed(
        'get',
        () => store.get(key, options),
        span,
        (p) =>
          p === null
            ? { 'tether.affinity.hit': false }
            : { 'tether.affinity.hit': true, 'tether.model': p.model },
      );
      event(pin === null ? 'miss' : 'hit');
      return pin;
    },
    async claim(key, decision, options) {
      const span = spanFor('affinity.claim', key);
      const result = await timed(
        'claim',
        () => store.claim(key, decision, options),
        span,
        (r) => ({
          'tether.affinity.created': r.created,
        }),
      );
      event(result.created ? 'claim' : 'claim_lost');
      return result;
    },
    async set(key, decision: Pin, options) {
      await timed('set', () => store.set(key, decision, options));
      if (decision.source === 'failover') event('repinned');
    },
    async delete(key) {
      const removed = await timed('delete', () => store.delete(key));
      if (removed) event('released');
      return removed;
    },
    async release(key, expected, reason) {
      const removed = await timed('release', () => store.release(key, expected, reason));
      if (removed) event('released');
      return removed;
    },
    touch: (key, ttlSeconds) => timed('touch', () => store.touch(key, ttlSeconds)),
    ttl: (key) => timed('ttl', () => store.ttl(key)),
  };

  return new Proxy(store, {
    get(target, prop) {
      if (typeof prop === 'string' && Object.hasOwn(wrapped, prop))
        return wrapped[prop as keyof AffinityStore];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, type ContextManager, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import type { RequestRecord } from '../http/request-state.ts';

/** What the request hooks and the decorators share about one request: its record. */
export type RequestState = RequestRecord;

const REQUEST_KEY = createContextKey('tether.request');

/**
 * An OpenTelemetry `ContextManager` on `AsyncLocalStorage`, so spans started by the store, router
 * and provider decorators nest under the request span across `await`s. `enterWith` exists because
 * Elysia's `onRequest` hook cannot wrap the rest of the request in a callback.
 */
export class AlsContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(context, () => fn.call(thisArg, ...args));
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as (...args: unknown[]) => unknown;
    const run = (...args: unknown[]) => this.storage.run(context, () => fn(...args));
    return run as T;
  }

  /** Makes `context` active for the rest of the current async flow (the current request). */
  enterWith(context: Context): void {
    this.storage.enterWith(context);
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}

/** One manager per process: contexts must be visible to every gateway's decorators alike. */
export const contextManager = new AlsContextManager();

/** The state of the request this code runs for, or `undefined` outside a request. */
export function currentRequest(): RequestState | undefined {
  return contextManager.active().getValue(REQUEST_KEY) as RequestState | undefined;
}

/** A context carrying `state` (and its span as the active span, when set). */
export function contextWithRequest(base: Context, state: RequestState): Context {
  return base.setValue(REQUEST_KEY, state);
}

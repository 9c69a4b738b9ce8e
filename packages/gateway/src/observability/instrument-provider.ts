import { type Span, trace } from '@opentelemetry/api';
import type { ResolvedModel } from '../config/types.ts';
import { UpstreamError } from '../errors.ts';
import { TRACEPARENT_HEADER } from '../http/header-names.ts';
import type { Provider, ProviderCallContext } from '../providers/types.ts';
import { contextManager, currentRequest } from './context.ts';
import { observeStream } from './observe-stream.ts';
import { failSpan, startChildSpan } from './spans.ts';
import { traceparentOf } from './tracing.ts';
import type { ObservabilityCore } from './types.ts';

type Call<R, T> = (request: R, ctx: ProviderCallContext) => Promise<T>;

/**
 * Wraps the provider serving `model`: each call is an `upstream` span, the W3C `traceparent` of
 * that span goes upstream in `ctx.headers`, and durations land in `tether_upstream_duration_seconds`
 * (streams: until the last chunk) and `tether_upstream_time_to_first_token_seconds`.
 */
export function instrumentProvider(
  model: ResolvedModel,
  provider: Provider,
  obs: ObservabilityCore,
): Provider {
  const { metrics } = obs;
  const begin = (stream: boolean) => {
    const span = startChildSpan(obs.tracer, 'upstream', {
      'tether.model': model.name,
      'gen_ai.request.model': model.upstreamModel,
      'gen_ai.provider.name': provider.name,
      'tether.upstream.stream': stream,
    });
    return { span, startedAt: performance.now() };
  };
  /** The upstream span's `traceparent`; unsampled or untraced, the request's (or the client's) own. */
  const withTraceparent = (ctx: ProviderCallContext, span: Span | undefined): ProviderCallContext => {
    const parent = span ?? trace.getSpan(contextManager.active());
    if (parent === undefined || !trace.isSpanContextValid(parent.spanContext())) return ctx;
    return { ...ctx, headers: { ...ctx.headers, [TRACEPARENT_HEADER]: traceparentOf(parent) } };
  };
  const settle = (span: Span | undefined, startedAt: number, stream: boolean, error?: unknown) => {
    const status =
      error === undefined
        ? 200
        : error instanceof UpstreamError
          ? (error.upstreamStatus ?? 'network')
          : 'network';
    const state = currentRequest();
    if (state !== undefined) state.upstreamStatus = status;
    metrics.upstreamDuration.observe(
      { model: model.name, status: String(status), stream: String(stream) },
      (performance.now() - startedAt) / 1000,
    );
    if (typeof status === 'number') span?.setAttribute('http.response.status_code', status);
    if (error !== undefined) failSpan(span, error);
    span?.end();
  };

  const once =
    <R, T>(call: Call<R, T>): Call<R, T> =>
    async (request, ctx) => {
      const { span, startedAt } = begin(false);
      try {
        const result = await call(request, withTraceparent(ctx, span));
        settle(span, startedAt, false);
        return result;
      } catch (error) {
        settle(span, startedAt, false, error);
        throw error;
      }
    };
  const streamed =
    <R>(call: Call<R, ReadableStream<Uint8Array>>): Call<R, ReadableStream<Uint8Array>> =>
    async (request, ctx) => {
      const { span, startedAt } = begin(true);
      let body: ReadableStream<Uint8Array>;
      try {
        body = await call(request, withTraceparent(ctx, span));
      } catch (error) {
        settle(span, startedAt, true, error);
        throw error;
      }
      // The request is finished only when this stream is: the hooks wait for it before logging.
      const state = currentRequest();
      if (state !== undefined) state.openStreams++;
      return observeStream(body, {
        first: () => {
          const seconds = (performance.now() - startedAt) / 1000;
          metrics.upstreamTtft.observe({ model: model.name }, seconds);
          span?.setAttribute('tether.upstream.ttft_ms', Math.round(seconds * 1000));
        },
        done: (error) => {
          settle(span, startedAt, true, error);
          if (state === undefined) return;
          state.openStreams--;
          if (state.openStreams === 0) state.onStreamsDone?.();
        },
      });
    };

  const wrapped: Provider = {
    name: provider.name,
    interface: provider.interface,
    chat: once(provider.chat.bind(provider)),
    stream: streamed(provider.stream.bind(provider)),
  };
  if (provider.messages !== undefined) {
    const m = provider.messages;
    return {
      ...wrapped,
      messages: { create: once(m.create.bind(m)), stream: streamed(m.stream.bind(m)) },
    };
  }
  if (provider.openai !== undefined) {
    const r = provider.openai;
    return {
      ...wrapped,
      openai: {
        create: once(r.create.bind(r)),
        // The wrapper calls `(request, ctx)`; `onComplete` is bound in here.
        stream: (request, ctx, onComplete) =>
          streamed((req: typeof request, c: ProviderCallContext) => r.stream(req, c, onComplete))(
            request,
            ctx,
          ),
        embeddings: once(r.embeddings.bind(r)),
      },
    };
  }
  return wrapped;
}

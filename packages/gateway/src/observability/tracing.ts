import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { TRACEPARENT_HEADER } from '../http/header-names.ts';
import type { TracingSettings } from './tracing-config.ts';

/** A gateway's tracer and how to flush it on shutdown. */
export interface Tracing {
  tracer: Tracer;
  /** Exports what is buffered and stops the exporter. */
  shutdown(): Promise<void>;
}

/**
 * Builds the tracer, or `undefined` when tracing is off (no endpoint configured and no exporter
 * given). Sampling is parent-based: a sampled incoming `traceparent` is honoured, a fresh trace is
 * sampled with probability `sampling`. `exporter` (tests: `InMemorySpanExporter`) is flushed per
 * span; the OTLP/HTTP exporter batches.
 */
export function createTracing(settings: TracingSettings, exporter?: SpanExporter): Tracing | undefined {
  let processor: SpanProcessor;
  if (exporter !== undefined) processor = new SimpleSpanProcessor(exporter);
  else if (settings.endpoint !== undefined) {
    // Headers, compression and timeout come from the standard OTEL_EXPORTER_OTLP_* variables.
    processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.endpoint }));
  } else return undefined;
  const provider = new BasicTracerProvider({
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampling) }),
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
    spanProcessors: [processor],
  });
  return {
    tracer: provider.getTracer('tether-gateway'),
    shutdown: () => provider.shutdown(),
  };
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The context of a valid incoming W3C `traceparent`, else the root context. */
export function extractTraceparent(headers: Headers): Context {
  const match = TRACEPARENT.exec(headers.get(TRACEPARENT_HEADER)?.trim().toLowerCase() ?? '');
  if (!match?.[1] || !match[2] || !match[3]) return ROOT_CONTEXT;
  const parent: SpanContext = {
    traceId: match[1],
    spanId: match[2],
    traceFlags: Number.parseInt(match[3], 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  if (!trace.isSpanContextValid(parent)) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, parent);
}

/** The W3C `traceparent` naming `span` as the parent of the upstream's work. */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & TraceFlags.SAMPLED) === 1 ? '01' : '00'}`;
}

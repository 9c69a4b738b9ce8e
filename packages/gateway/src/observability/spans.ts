import { type Attributes, type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { contextManager } from './context.ts';

/**
 * Starts `name` as a child of the active span, or returns `undefined` when tracing is off or the
 * current request is not sampled (no span is active then).
 */
export function startChildSpan(
  tracer: Tracer | undefined,
  name: string,
  attributes?: Attributes,
): Span | undefined {
  if (tracer === undefined) return undefined;
  const parent = contextManager.active();
  if (!trace.getSpan(parent)?.isRecording()) return undefined;
  return tracer.startSpan(name, { attributes }, parent);
}

/** Marks `span` failed with the error's message (never its cause: causes may carry request data). */
export function failSpan(span: Span | undefined, error: unknown): void {
  if (span === undefined) return;
  const message = error instanceof Error ? error.message : String(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.setAttribute('error.type', error instanceof Error ? error.name : 'error');
}

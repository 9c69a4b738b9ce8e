import { describe, expect, test } from 'bun:test';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { createTracing, extractTraceparent, traceparentOf } from './tracing.ts';
import { resolveTracing } from './tracing-config.ts';

describe('resolveTracing', () => {
  test('is off without an endpoint in the config or the environment', () => {
    expect(resolveTracing(undefined, {}).endpoint).toBeUndefined();
    expect(resolveTracing({ sampling: 0.5 }, {})).toEqual({
      endpoint: undefined,
      sampling: 0.5,
      serviceName: 'tether-gateway',
    });
  });

  test('reads the standard OTEL_* variables; the config file wins', () => {
    expect(
      resolveTracing(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).endpoint,
    ).toBe('http://collector:4318/v1/traces');
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_SERVICE_NAME: 'edge-gw',
    };
    expect(resolveTracing(undefined, env)).toEqual({
      endpoint: 'http://traces:4318/custom',
      sampling: 0.25,
      serviceName: 'edge-gw',
    });
    expect(resolveTracing({ endpoint: 'http://mine:4318/v1/traces', sampling: 1 }, env)).toMatchObject({
      endpoint: 'http://mine:4318/v1/traces',
      sampling: 1,
    });
    expect(resolveTracing({ random_sampling: 10 }, {}).sampling).toBe(0.1);
    expect(resolveTracing(undefined, { ...env, OTEL_SDK_DISABLED: 'true' }).endpoint).toBeUndefined();
  });
});

describe('createTracing', () => {
  test('exports spans over OTLP/HTTP to the configured endpoint', async () => {
    const received: Array<{ path: string; type: string | null; body: string }> = [];
    const collector = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      async fetch(request) {
        received.push({
          path: new URL(request.url).pathname,
          type: request.headers.get('content-type'),
          body: await request.text(),
        });
        return new Response('{}', { headers: { 'content-type': 'application/json' } });
      },
    });
    const endpoint = `http://127.0.0.1:${collector.port}/v1/traces`;
    const tracing = createTracing({ endpoint, sampling: 1, serviceName: 'tether-test' });
    tracing?.tracer.startSpan('GET /dashboard').end();
    await tracing?.shutdown();
    await collector.stop(true);
    expect(received).toHaveLength(1);
    expect(received[0]?.path).toBe('/v1/traces');
    expect(received[0]?.body).toContain('GET /dashboard');
    expect(received[0]?.body).toContain('tether-test');
  });

  test('is off without an endpoint or an exporter', () => {
    expect(createTracing({ endpoint: undefined, sampling: 1, serviceName: 'x' })).toBeUndefined();
  });
});

describe('traceparent', () => {
  test('a valid incoming traceparent becomes the parent; an invalid one is ignored', () => {
    const id = '4bf92f3577b34da6a3ce929d0e0e4736';
    const ctx = extractTraceparent(new Headers({ traceparent: `00-${id}-00f067aa0ba902b7-01` }));
    expect(trace.getSpanContext(ctx)).toMatchObject({
      traceId: id,
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
    });
    for (const bad of [
      'garbage',
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `01-${id}-00f067aa0ba902b7-01`,
    ]) {
      expect(extractTraceparent(new Headers({ traceparent: bad }))).toBe(ROOT_CONTEXT);
    }
    const span = trace.wrapSpanContext({ traceId: id, spanId: '00f067aa0ba902b7', traceFlags: 0 });
    expect(traceparentOf(span)).toBe(`00-${id}-00f067aa0ba902b7-00`);
  });
});

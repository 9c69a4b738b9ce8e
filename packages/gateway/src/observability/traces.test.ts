import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  RESEARCH_CONFIG,
  researchConversation,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import { hashAffinity } from './hash.ts';

const exporter = new InMemorySpanExporter();
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(RESEARCH_CONFIG, { deps: { observability: { spanExporter: exporter } } });
});
afterAll(() => gw.stop());

async function chat(gateway: TestGateway, n: number, headers: Record<string, string> = {}) {
  const response = await gateway.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'auto', messages: researchConversation(n) }),
  });
  await response.text();
  expect(response.status).toBe(200);
}

/** The finished request span and its children's names, in start order. */
function tree(spans: ReadableSpan[]): { root: ReadableSpan; children: string[] } {
  const roots = spans.filter((s) => s.name.startsWith('POST '));
  expect(roots).toHaveLength(1);
  const root = roots[0] as ReadableSpan;
  const children = spans
    .filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
    .map((s) => s.name);
  for (const s of spans) expect(s.spanContext().traceId).toBe(root.spanContext().traceId);
  return { root, children };
}

/** Waits until the request span has ended (it ends after the response is sent). */
async function finished(count: number): Promise<ReadableSpan[]> {
  for (let i = 0; i < 100 && !exporter.getFinishedSpans().some((s) => s.name.startsWith('POST ')); i++) {
    await Bun.sleep(5);
  }
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(count);
  exporter.reset();
  return spans;
}

describe('traces', () => {
  test('a routed request has affinity.lookup, routing and upstream under the request span', async () => {
    exporter.reset();
    await chat(gw, 0, { 'x-model-affinity': 'trace-raw-id-1' });
    const { root, children } = tree(await finished(5));
    expect(children).toEqual(['affinity.lookup', 'routing', 'affinity.claim', 'upstream']);
    expect(root.name).toBe('POST /v1/chat/completions');
    expect(root.attributes).toMatchObject({
      'tether.model': 'anthropic/claude-sonnet-4',
      'tether.route': 'code_generation',
      'tether.pinned': false,
      'tether.affinity.id_hash': hashAffinity('trace-raw-id-1'),
      'http.response.status_code': 200,
    });
  });

  test('a pinned request has no routing span, and the raw affinity id appears nowhere', async () => {
    await chat(gw, 1, { 'x-model-affinity': 'trace-raw-id-1' });
    const spans = await finished(3);
    const { root, children } = tree(spans);
    expect(children).toEqual(['affinity.lookup', 'upstream']);
    expect(root.attributes['tether.pinned']).toBe(true);
    const lookup = spans.find((s) => s.name === 'affinity.lookup');
    expect(lookup?.attributes).toMatchObject({
      'tether.affinity.hit': true,
      'tether.affinity.id_hash': hashAffinity('trace-raw-id-1'),
    });
    const upstream = spans.find((s) => s.name === 'upstream');
    expect(upstream?.attributes).toMatchObject({
      'tether.model': 'anthropic/claude-sonnet-4',
      'tether.upstream.stream': false,
    });
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes]))).not.toContain('trace-raw-id-1');
  });

  test('an admin request span is named by its route and carries the id hashed', async () => {
    expect((await gw.fetch('/affinity/v1/trace-raw-id-1')).status).toBe(200);
    for (let i = 0; i < 100 && !exporter.getFinishedSpans().some((s) => s.name.startsWith('GET ')); i++) {
      await Bun.sleep(5);
    }
    const spans = exporter.getFinishedSpans();
    exporter.reset();
    const root = spans.find((s) => s.name.startsWith('GET '));
    expect(root?.name).toBe('GET /affinity/v1/:id');
    expect(root?.attributes['tether.affinity.id_hash']).toBe(hashAffinity('trace-raw-id-1'));
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes]))).not.toContain('trace-raw-id-1');
  });

  test('an incoming traceparent makes the request span its child', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await chat(gw, 0, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    const { root, children } = tree(await finished(3));
    expect(root.spanContext().traceId).toBe(traceId);
    expect(root.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(children).toEqual(['routing', 'upstream']);
  });
});

describe('traceparent upstream', () => {
  const seen: Array<string | null> = [];
  let upstream: ReturnType<typeof Bun.serve>;
  let traced: TestGateway;
  const spans = new InMemorySpanExporter();
  beforeAll(async () => {
    // A tiny OpenAI-compatible upstream that records the traceparent it gets.
    upstream = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch(request) {
        seen.push(request.headers.get('traceparent'));
        return Response.json({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1,
          model: 'tiny',
          choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        });
      },
    });
    traced = await startTestGateway(
      {
        model_providers: [
          { model: 'local/tiny', base_url: `http://127.0.0.1:${upstream.port}/v1`, default: true },
        ],
      },
      { sim: false, deps: { observability: { spanExporter: spans } } },
    );
  });
  afterAll(async () => {
    await traced.stop();
    await upstream.stop(true);
  });

  test('the upstream receives the upstream span as its W3C parent', async () => {
    await chat(traced, 0);
    for (let i = 0; i < 100 && !spans.getFinishedSpans().some((s) => s.name.startsWith('POST ')); i++) {
      await Bun.sleep(5);
    }
    const up = spans.getFinishedSpans().find((s) => s.name === 'upstream');
    expect(up).toBeDefined();
    const { traceId, spanId } = up?.spanContext() ?? { traceId: '', spanId: '' };
    expect(seen.at(-1)).toBe(`00-${traceId}-${spanId}-01`);
  });
});

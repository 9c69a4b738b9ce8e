import { afterAll, beforeAll, expect, test } from 'bun:test';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  RESEARCH_CONFIG,
  researchConversation,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

const exporter = new InMemorySpanExporter();
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(`${RESEARCH_CONFIG}\ntracing:\n  sampling: 0\n`, {
    deps: { observability: { spanExporter: exporter } },
  });
});
afterAll(() => gw.stop());

test('sampling 0 records no spans, and requests are served as usual', async () => {
  for (const n of [0, 1]) {
    const response = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-model-affinity': 'unsampled' },
      body: JSON.stringify({ messages: researchConversation(n) }),
    });
    expect(response.status).toBe(200);
    await response.text();
  }
  await Bun.sleep(20);
  expect(exporter.getFinishedSpans()).toHaveLength(0);
});

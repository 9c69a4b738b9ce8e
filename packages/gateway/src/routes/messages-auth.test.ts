import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { startTestGateway, type TestGateway } from '../../test/support/index.ts';

// A real Anthropic-style upstream on a loopback socket that records the headers it was sent.
const seen: Array<Record<string, string | null>> = [];
let upstream: Server<undefined>;
let gw: TestGateway;

beforeAll(async () => {
  upstream = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch(request) {
      const h = request.headers;
      seen.push({
        'x-api-key': h.get('x-api-key'),
        authorization: h.get('authorization'),
        'anthropic-version': h.get('anthropic-version'),
        'anthropic-beta': h.get('anthropic-beta'),
      });
      return Response.json({
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude',
        content: [{ type: 'text', text: 'ok' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 1, output_tokens: 1 },
      });
    },
  });
  const base = `http://127.0.0.1:${upstream.port}/v1`;
  gw = await startTestGateway(
    `
model_providers:
  - model: anthropic/keyed
    base_url: ${base}
    access_key: $UPSTREAM_KEY
    default: true
  - model: anthropic/passthrough
    base_url: ${base}
    passthrough_auth: true
`,
    { sim: false, env: { UPSTREAM_KEY: 'sk-ant-upstream-SECRET' } },
  );
});
afterAll(async () => {
  await gw.stop();
  await upstream.stop(true);
});

const messages = (model: string) =>
  gw.fetch('/v1/messages', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': 'sk-ant-client-key',
      'anthropic-version': '2099-01-01',
      'anthropic-beta': 'extended-cache-ttl-2025-04-11',
    },
    body: JSON.stringify({ model, max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('/v1/messages credentials and Anthropic headers', () => {
  test("the gateway's key and API version go upstream, not the client's; anthropic-beta passes", async () => {
    expect((await messages('anthropic/keyed')).status).toBe(200);
    expect(seen.at(-1)).toEqual({
      'x-api-key': 'sk-ant-upstream-SECRET',
      authorization: null,
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'extended-cache-ttl-2025-04-11',
    });
  });

  test("passthrough_auth forwards the client's x-api-key", async () => {
    expect((await messages('anthropic/passthrough')).status).toBe(200);
    expect(seen.at(-1)?.['x-api-key']).toBe('sk-ant-client-key');
  });
});

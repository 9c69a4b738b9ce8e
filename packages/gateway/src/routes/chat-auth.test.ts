import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { startTestGateway, type TestGateway } from '../../test/support/index.ts';
import type { Logger } from '../logger.ts';

// A real upstream on a loopback socket that records the headers it was sent.
const seen: Array<Record<string, string>> = [];
let upstream: Server<undefined>;
const lines: string[] = [];
const recording: Logger = {
  debug: (m, f) => lines.push(m + JSON.stringify(f ?? {})),
  info: (m, f) => lines.push(m + JSON.stringify(f ?? {})),
  warn: (m, f) => lines.push(m + JSON.stringify(f ?? {})),
  error: (m, f) => lines.push(m + JSON.stringify(f ?? {})),
};
let gw: TestGateway;

beforeAll(async () => {
  upstream = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch(request) {
      seen.push({ authorization: request.headers.get('authorization') ?? '' });
      if (request.headers.get('x-fail')) {
        return Response.json(
          { error: { message: `bad key ${request.headers.get('authorization')}` } },
          { status: 500 },
        );
      }
      return Response.json({
        id: 'c1',
        object: 'chat.completion',
        created: 0,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      });
    },
  });
  const base = `http://127.0.0.1:${upstream.port}/v1`;
  gw = await startTestGateway(
    `
model_providers:
  - model: openai/keyed
    base_url: ${base}
    access_key: $UPSTREAM_KEY
    default: true
  - model: openai/passthrough
    base_url: ${base}
    passthrough_auth: true
  - model: openai/failing
    base_url: ${base}
    access_key: $UPSTREAM_KEY
    headers: {x-fail: "1"}
`,
    { sim: false, env: { UPSTREAM_KEY: 'sk-upstream-SECRET-42' }, deps: { logger: recording } },
  );
});
afterAll(async () => {
  await gw.stop();
  await upstream.stop(true);
});

const chat = (model: string) =>
  gw.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-token' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('upstream credentials', () => {
  test("the provider key is sent upstream and the client's Authorization is not", async () => {
    expect((await chat('openai/keyed')).status).toBe(200);
    expect(seen.at(-1)?.authorization).toBe('Bearer sk-upstream-SECRET-42');
  });

  test("passthrough_auth forwards the client's Authorization", async () => {
    expect((await chat('openai/passthrough')).status).toBe(200);
    expect(seen.at(-1)?.authorization).toBe('Bearer client-token');
  });

  test('the key never appears in error bodies or logs', async () => {
    const response = await chat('openai/failing');
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain('SECRET');
    expect(lines.join('\n')).not.toContain('SECRET');
  });
});

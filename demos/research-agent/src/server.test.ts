import { describe, expect, test } from 'bun:test';
import { createAgentServer } from './server.ts';

// A port nothing listens on: the first free port the kernel gives, released at once.
async function closedPortUrl(): Promise<string> {
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const url = `http://127.0.0.1:${server.port}`;
  await server.stop(true);
  return url;
}

const post = (body: unknown) =>
  new Request('http://agent.test/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('research agent server', () => {
  test('GET /health', async () => {
    const app = createAgentServer({ gatewayUrl: 'http://127.0.0.1:9' });
    const res = await app.handle(new Request('http://agent.test/health'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  test('a body without messages is a 400 in the OpenAI error shape', async () => {
    const app = createAgentServer({ gatewayUrl: 'http://127.0.0.1:9' });
    const res = await app.handle(post({ model: 'x' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: 'body must be a chat completion request with `messages`',
        type: 'invalid_request_error',
        code: 'invalid_request',
      },
    });
  });

  test('an unreachable gateway is a 502 OpenAI-shaped error without a stack trace', async () => {
    const app = createAgentServer({ gatewayUrl: await closedPortUrl() });
    const res = await app.handle(post({ messages: [{ role: 'user', content: 'Postgres or Mongo?' }] }));
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error).toMatchObject({ type: 'api_error', code: 'gateway_unreachable' });
    expect(body.error.message).toStartWith('Tether gateway unreachable at http://127.0.0.1:');
    expect(JSON.stringify(body)).not.toContain('    at ');
  });
});

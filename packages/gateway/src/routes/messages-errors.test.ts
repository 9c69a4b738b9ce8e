import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../../test/support/index.ts';

// One gateway whose models each fail in one way (sim-models' `x-sim-fail` as a static upstream
// header), on both an OpenAI-style and an Anthropic upstream.
const FAULTS = ['401', '403', '404', '429', '500', '503'] as const;
const providers = [
  { model: 'openai/gpt-4o', default: true },
  { model: 'anthropic/claude-sonnet-4' },
  ...FAULTS.flatMap((status) => [
    { model: `openai/fail-${status}`, headers: { 'x-sim-fail': status } },
    { model: `anthropic/fail-${status}`, headers: { 'x-sim-fail': status } },
  ]),
];

let gw: TestGateway;
let client: Anthropic;
beforeAll(async () => {
  gw = await startTestGateway({ model_providers: providers, max_body_bytes: 4096 });
  client = new Anthropic({ baseURL: gw.url, apiKey: 'client-key', maxRetries: 0 });
});
afterAll(() => gw.stop());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  gw.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

const ask = (model: string) =>
  JSON.stringify({ model, max_tokens: 32, messages: [{ role: 'user', content: 'hello' }] });

describe("errors on /v1/messages are in Anthropic's shape", () => {
  test('400 for an invalid body, naming the field', async () => {
    const res = await post('/v1/messages', JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.any(String) },
    });
    expect(body.error.message).toContain('max_tokens');
  });

  test('400 for bad JSON, 413 for a body over max_body_bytes', async () => {
    const bad = await post('/v1/messages', '{"model":');
    expect([bad.status, (await bad.json()).error.type]).toEqual([400, 'invalid_request_error']);
    const big = await post('/v1/messages', ask('x'.repeat(5000)));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
  });

  test('an invalid affinity id is a 400 in the same shape', async () => {
    const res = await post('/v1/messages', ask('openai/gpt-4o'), { 'x-model-affinity': 'x'.repeat(300) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  const expected: Record<(typeof FAULTS)[number], [number, string]> = {
    '401': [401, 'authentication_error'],
    '403': [403, 'permission_error'],
    '404': [404, 'not_found_error'],
    '429': [429, 'rate_limit_error'],
    '500': [502, 'api_error'],
    '503': [502, 'overloaded_error'],
  };
  for (const upstream of ['openai', 'anthropic'] as const) {
    test(`upstream errors from an ${upstream} upstream map to Anthropic types (SDK sees typed errors)`, async () => {
      for (const fault of FAULTS) {
        const error = await client.messages
          .create({
            model: `${upstream}/fail-${fault}`,
            max_tokens: 32,
            messages: [{ role: 'user', content: 'hi' }],
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Anthropic.APIError);
        const apiError = error as InstanceType<typeof Anthropic.APIError>;
        const [status, type] = expected[fault];
        expect({ fault, status: apiError.status, type: apiError.type as string | null }).toEqual({
          fault,
          status,
          type,
        });
        expect(apiError.headers?.get('x-tether-model')).toBe(`${upstream}/fail-${fault}`);
      }
    });
  }

  test('a failing stream request is an error response before any byte, not a broken stream', async () => {
    const res = await post(
      '/v1/messages',
      JSON.stringify({
        model: 'openai/fail-429',
        max_tokens: 8,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  test('x-api-key and anthropic-version are accepted and never forwarded or echoed', async () => {
    const res = await post('/v1/messages', ask('openai/gpt-4o'), {
      'x-api-key': 'sk-ant-client-secret',
      'anthropic-version': '2023-06-01',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('sk-ant-client-secret');
  });

  test("Claude Code's URLs: ?beta=true is served, an unknown path under /v1/messages is an Anthropic 404", async () => {
    const res = await post('/v1/messages?beta=true', ask('anthropic/claude-sonnet-4'), {
      'anthropic-beta': 'extended-cache-ttl-2025-04-11',
    });
    expect(res.status).toBe(200);
    expect((await res.json()).type).toBe('message');
    const missing = await post('/v1/messages/count_tokens', ask('openai/gpt-4o'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  test('the OpenAI endpoint keeps the OpenAI shape', async () => {
    const openai = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
    const error = await openai.chat.completions
      .create({ model: 'openai/fail-429', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const res = await post('/v1/chat/completions', JSON.stringify({ messages: [] }));
    expect(await res.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_request' },
    });
  });
});

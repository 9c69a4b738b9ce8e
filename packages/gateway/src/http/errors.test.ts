import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startTestGateway, type TestGateway } from '../../test/support/index.ts';

// Each `fail/<mode>` model sends `x-sim-fail: <mode>` upstream, so sim-models injects that fault.
const MODES = ['429', '400', '500', '503', 'timeout', 'reset', 'malformed', 'cut-stream'];
const CONFIG = `
model_providers:
  - model: openai/gpt-4o
    access_key: sk-live-SECRET-0123456789
    default: true
${MODES.map((m) => `  - model: openai/fail-${m}\n    access_key: sk-live-SECRET-0123456789\n    timeout_ms: 300\n    headers: {x-sim-fail: "${m}"}`).join('\n')}
max_body_bytes: 2048
`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(CONFIG, { simOptions: { quiet: true, holdMs: 2000 } });
});
afterAll(() => gw.stop());

type ErrorBody = {
  error: { message: string; type: string; code: string; param?: string; upstream_status?: number };
};

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await gw.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  expect(text).not.toContain('SECRET');
  expect(text).not.toMatch(/\n\s+at /);
  return {
    status: response.status,
    text,
    headers: response.headers,
    json: () => JSON.parse(text) as ErrorBody,
  };
}
const ask = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

describe('client errors', () => {
  test('bad JSON → 400 invalid_json', async () => {
    const r = await post('{"model": ');
    expect([r.status, r.json().error.code, r.json().error.type]).toEqual([
      400,
      'invalid_json',
      'invalid_request_error',
    ]);
  });

  test('schema violations → 400 naming the field', async () => {
    const r = await post({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'robot', content: 'y' },
      ],
    });
    expect([r.status, r.json().error.code, r.json().error.param]).toEqual([
      400,
      'invalid_request',
      'messages[1].role',
    ]);
    const empty = await post({ model: 'x', messages: [] });
    expect(empty.json().error.message).toContain('messages');
  });

  test('over max_body_bytes → 413, with Content-Length and chunked', async () => {
    const big = JSON.stringify(ask('openai/gpt-4o', { user: 'x'.repeat(4096) }));
    expect((await post(big)).status).toBe(413);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
        controller.close();
      },
    });
    const response = await gw.fetch('/v1/chat/completions', { method: 'POST', body: chunked });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.code).toBe('payload_too_large');
  });

  test('unknown endpoint → 404 in the OpenAI error shape', async () => {
    const response = await gw.fetch('/v2/nothing');
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.type).toBe('not_found_error');
  });

  test('oversized request headers → 431', async () => {
    const response = await gw.fetch('/v1/models', { headers: { 'x-big': 'a'.repeat(64 * 1024) } });
    expect(response.status).toBe(431);
  });

  test('a bad affinity id → 400', async () => {
    const r = await post(ask('openai/gpt-4o'), { 'x-model-affinity': 'x'.repeat(300) });
    expect([r.status, r.json().error.code]).toEqual([400, 'invalid_affinity_id']);
  });
});

describe('upstream failures', () => {
  test('upstream 4xx bodies pass through with their status', async () => {
    const r = await post(ask('openai/fail-429'));
    expect(r.status).toBe(429);
    expect(r.json().error.message).toContain('Simulated 429');
    expect(r.headers.get('x-tether-model')).toBe('openai/fail-429');
    expect((await post(ask('openai/fail-400'))).status).toBe(400);
  });

  test('upstream 5xx → 502 with the upstream status', async () => {
    for (const mode of ['500', '503']) {
      const r = await post(ask(`openai/fail-${mode}`));
      expect([r.status, r.json().error.type, r.json().error.upstream_status]).toEqual([
        502,
        'upstream_error',
        Number(mode),
      ]);
    }
  });

  test('timeout → 504; reset and malformed → 502', async () => {
    const timeout = await post(ask('openai/fail-timeout'));
    expect([timeout.status, timeout.json().error.code]).toEqual([504, 'upstream_timeout']);
    expect((await post(ask('openai/fail-reset'))).status).toBe(502);
    expect((await post(ask('openai/fail-malformed'))).status).toBe(502);
  });

  test('a stream cut mid-way ends with an error event, not silently', async () => {
    const r = await post(ask('openai/fail-cut-stream', { stream: true }));
    expect(r.status).toBe(200);
    expect(r.text).toContain('"error"');
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startTestGateway, type TestGateway } from '../test-support/index.ts';
import { sampleMemory } from './memory.ts';

// Upstreams that attack the gateway: an SSE line that never ends, a JSON body that never ends, a
// stream that stalls after its first chunk, headers with no body. Each must end in a bounded,
// documented answer in the client's wire format, cancel the upstream, and hold no unbounded memory.

const MAX_EVENT_BYTES = 64 * 1024;
const MAX_RESPONSE_BYTES = 1024 * 1024;
const IDLE_MS = 300;
const TIMEOUT_MS = 1_000;
/** "Within the configured bound plus generous slack": no timing assert is tighter than this. */
const SLACK_MS = 4_000;
const KEY = 'sk-hostile-SECRET-4242';

const encoder = new TextEncoder();
const filler = encoder.encode('x'.repeat(64 * 1024));

/** What the hostile server saw: how many response bodies were cancelled by the gateway. */
const seen = { cancelled: 0 };

/** An endless body: `head`, then `filler` for as long as the reader pulls; counts its cancellation. */
function endless(head: string, type: string, signal: AbortSignal): Response {
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(encoder.encode(head));
      } else controller.enqueue(filler);
    },
    cancel() {
      seen.cancelled++;
    },
  });
  signal.addEventListener('abort', () => seen.cancelled++, { once: true });
  return new Response(body, { headers: { 'content-type': type } });
}

/** `first`, then silence until the gateway gives up. */
function stall(first: string, signal: AbortSignal): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first !== '') controller.enqueue(encoder.encode(first));
    },
    cancel() {
      seen.cancelled++;
    },
  });
  signal.addEventListener('abort', () => seen.cancelled++, { once: true });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

const openAIFirst = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] })}\n\n`;
const anthropicFirst = `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 0 } } })}\n\n`;

/** Every encoding of the key an upstream error might echo back. */
const b64 = (text: string) => Buffer.from(text).toString('base64');
const ECHOES = [
  KEY,
  encodeURIComponent(KEY),
  b64(KEY),
  b64(`Bearer ${KEY}`),
  b64(`Bearer ${KEY}`).replace(/=+$/, ''),
];
const echoText = `invalid key: ${ECHOES.join(' | ')}`;

let hostile: ReturnType<typeof Bun.serve>;
let gw: TestGateway;

beforeAll(async () => {
  hostile = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    idleTimeout: 0,
    fetch(request) {
      const path = new URL(request.url).pathname;
      const signal = request.signal;
      if (path === '/endless-sse/chat/completions')
        return endless('data: {"a":"', 'text/event-stream', signal);
      if (path === '/endless-sse/messages')
        return endless('event: message_start\ndata: {"a":"', 'text/event-stream', signal);
      if (path.startsWith('/endless-json/')) return endless('{"id":"', 'application/json', signal);
      if (path === '/stall/chat/completions') return stall(openAIFirst, signal);
      if (path === '/stall/messages') return stall(anthropicFirst, signal);
      if (path.startsWith('/no-body/')) return stall('', signal);
      if (path.startsWith('/echo-key/'))
        return Response.json(
          { error: { message: echoText, type: 'invalid_request_error' } },
          { status: 401 },
        );
      if (path === '/echo-key-stream/chat/completions')
        return new Response(`${openAIFirst}data: ${JSON.stringify({ error: { message: echoText } })}\n\n`, {
          headers: { 'content-type': 'text/event-stream' },
        });
      if (path === '/echo-key-stream/messages')
        return new Response(
          `${anthropicFirst}event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'api_error', message: echoText } })}\n\n`,
          { headers: { 'content-type': 'text/event-stream' } },
        );
      return new Response('not found', { status: 404 });
    },
  });
  const base = `http://127.0.0.1:${hostile.port}`;
  const model = (name: string, path: string, iface: 'openai' | 'anthropic') =>
    [
      `  - model: ${iface}/${name}`,
      `    base_url: ${base}/${path}`,
      `    access_key: ${KEY}`,
      `    provider_interface: ${iface}`,
      `    timeout_ms: ${TIMEOUT_MS}`,
      `    max_event_bytes: ${MAX_EVENT_BYTES}`,
      `    max_response_bytes: ${MAX_RESPONSE_BYTES}`,
      `    stream_idle_timeout_ms: ${IDLE_MS}`,
    ].join('\n');
  const config = [
    'model_providers:',
    model('endless-sse', 'endless-sse', 'openai'),
    model('endless-sse-a', 'endless-sse', 'anthropic'),
    model('endless-json', 'endless-json', 'openai'),
    model('endless-json-a', 'endless-json', 'anthropic'),
    model('stall', 'stall', 'openai'),
    model('stall-a', 'stall', 'anthropic'),
    model('no-body', 'no-body', 'openai'),
    model('echo-key', 'echo-key', 'openai'),
    model('echo-key-a', 'echo-key', 'anthropic'),
    model('echo-stream', 'echo-key-stream', 'openai'),
    model('echo-stream-a', 'echo-key-stream', 'anthropic'),
    '    default: true',
  ].join('\n');
  gw = await startTestGateway(config, { sim: false });
});
afterAll(async () => {
  await gw.stop();
  hostile.stop(true);
});

type Format = 'openai' | 'anthropic';

async function call(format: Format, model: string, stream: boolean) {
  const started = performance.now();
  const path = format === 'openai' ? '/v1/chat/completions' : '/v1/messages';
  const body =
    format === 'openai'
      ? { model, stream, messages: [{ role: 'user', content: 'hi' }] }
      : { model, stream, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
  const response = await gw.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS + SLACK_MS + 5_000),
  });
  const text = await response.text();
  for (const echo of ECHOES) expect(text).not.toContain(echo);
  return { status: response.status, text, ms: performance.now() - started };
}

/** The last SSE event's data, parsed. */
function lastEvent(text: string): { event?: string; data: Record<string, unknown> } {
  const blocks = text.trim().split(/\n\n/);
  const last = blocks.at(-1) ?? '';
  const event = /^event: (.*)$/m.exec(last)?.[1];
  const data = JSON.parse(/^data: (.*)$/m.exec(last)?.[1] ?? 'null') as Record<string, unknown>;
  return event === undefined ? { data } : { event, data };
}

/** Waits (bounded) until the hostile server saw `count` more cancellations than `before`. */
async function cancelledSince(before: number): Promise<boolean> {
  for (let i = 0; i < 100 && seen.cancelled <= before; i++) await Bun.sleep(20);
  return seen.cancelled > before;
}

describe('an SSE event that never ends (max_event_bytes)', () => {
  test('OpenAI client: the stream ends with data: {"error"} (no [DONE]) and the upstream is cancelled', async () => {
    const before = seen.cancelled;
    const r = await call('openai', 'openai/endless-sse', true);
    expect(r.status).toBe(200);
    expect(lastEvent(r.text).data).toMatchObject({ error: { code: 'upstream_response_too_large' } });
    expect(r.text).not.toContain('[DONE]');
    expect(await cancelledSince(before)).toBe(true);
  });

  test('Anthropic client on an Anthropic upstream: event: error, upstream cancelled', async () => {
    const before = seen.cancelled;
    const r = await call('anthropic', 'anthropic/endless-sse-a', true);
    expect(r.status).toBe(200);
    expect(lastEvent(r.text)).toMatchObject({ event: 'error', data: { type: 'error' } });
    expect(await cancelledSince(before)).toBe(true);
  });

  test('Anthropic client on an OpenAI upstream (translated): event: error', async () => {
    const r = await call('anthropic', 'openai/endless-sse', true);
    expect(lastEvent(r.text)).toMatchObject({ event: 'error', data: { type: 'error' } });
  });
});

describe('a JSON body that never ends (max_response_bytes)', () => {
  test('502 upstream_response_too_large on both upstream formats, upstream aborted', async () => {
    for (const model of ['openai/endless-json', 'anthropic/endless-json-a']) {
      const before = seen.cancelled;
      const r = await call('openai', model, false);
      expect(r.status).toBe(502);
      expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'upstream_response_too_large' } });
      expect(await cancelledSince(before)).toBe(true);
    }
  });

  test('an Anthropic client gets the 502 in its error shape', async () => {
    const r = await call('anthropic', 'openai/endless-json', false);
    expect(r.status).toBe(502);
    expect(JSON.parse(r.text)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });
});

describe('a stream that stalls after its first chunk (stream_idle_timeout_ms)', () => {
  const cases: Array<[Format, string, string | undefined]> = [
    ['openai', 'openai/stall', undefined],
    ['openai', 'anthropic/stall-a', undefined],
    ['anthropic', 'anthropic/stall-a', 'error'],
    ['anthropic', 'openai/stall', 'error'],
  ];
  for (const [format, model, event] of cases) {
    test(`${format} client, ${model}: an error event within the idle bound, upstream cancelled`, async () => {
      const before = seen.cancelled;
      const r = await call(format, model, true);
      expect(r.status).toBe(200);
      const last = lastEvent(r.text);
      if (event === undefined) {
        expect(last.data).toMatchObject({ error: { code: 'upstream_timeout' } });
        expect(r.text).not.toContain('[DONE]');
      } else expect(last).toMatchObject({ event, data: { type: 'error' } });
      expect(r.ms).toBeLessThan(IDLE_MS + SLACK_MS);
      expect(await cancelledSince(before)).toBe(true);
    });
  }
});

describe('headers, then no body byte (timeout_ms covers the wait for the first byte)', () => {
  test('a 504 upstream_timeout before any byte is sent to the client', async () => {
    const r = await call('openai', 'openai/no-body', true);
    expect(r.status).toBe(504);
    expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'upstream_timeout' } });
    expect(r.ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });
});

describe('an upstream error that echoes the key (raw, URL-encoded, base64 of key and of "Bearer key")', () => {
  test('every form is redacted in error bodies and in relayed or translated error events', async () => {
    // `call` asserts that no form of the key reaches the client.
    for (const format of ['openai', 'anthropic'] as const) {
      for (const model of ['openai/echo-key', 'anthropic/echo-key-a']) {
        const r = await call(format, model, false);
        expect(r.status).toBe(401);
        expect(r.text).toContain('[redacted]');
      }
      for (const model of ['openai/echo-stream', 'anthropic/echo-stream-a']) {
        const r = await call(format, model, true);
        expect(r.text).toContain('[redacted]');
      }
    }
  });
});

describe('memory under attack', () => {
  test('RSS grows by less than 100 MiB over repeated endless-line, endless-JSON and stall attacks', async () => {
    const before = sampleMemory();
    for (let round = 0; round < 3; round++) {
      await Promise.all([
        call('openai', 'openai/endless-sse', true),
        call('anthropic', 'anthropic/endless-sse-a', true),
        call('openai', 'openai/endless-json', false),
        call('openai', 'anthropic/endless-json-a', false),
        call('openai', 'openai/stall', true),
      ]);
    }
    const after = sampleMemory();
    console.log(`hostile upstreams: RSS ${before.rssMiB.toFixed(0)} → ${after.rssMiB.toFixed(0)} MiB`);
    expect(after.rssMiB - before.rssMiB).toBeLessThan(100);
  });
});

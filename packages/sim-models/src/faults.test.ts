import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type SimModelsHandle, startSimModels } from './server.ts';

let sim: SimModelsHandle;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  sim = await startSimModels({ quiet: true });
  openai = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sim', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: sim.url, apiKey: 'sim', maxRetries: 0 });
});
afterAll(() => sim.stop());

const ask = (headers: Record<string, string>, model = 'gpt-4o', timeout?: number) =>
  openai.chat.completions.create(
    { model, messages: [{ role: 'user', content: 'Compare PostgreSQL vs MongoDB' }] },
    timeout === undefined ? { headers } : { headers, timeout },
  );
const fail = (mode: string) => ({ 'x-sim-fail': mode });
const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('status faults', () => {
  test.each([429, 500, 503])('%d surfaces as the SDK APIError with that status', async (status) => {
    const err = await caught(ask(fail(String(status))));
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(status);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toContain('Simulated');
  });

  test('429 carries retry-after; Anthropic gets its own error shape', async () => {
    const err = (await caught(
      anthropic.messages.create(
        { model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] },
        { headers: fail('429') },
      ),
    )) as InstanceType<typeof Anthropic.APIError>;
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(err.headers?.get('retry-after')).toBe('1');
    expect(err.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  test('x-sim-fail-model fails only the named model (failover)', async () => {
    const headers = { ...fail('503'), 'x-sim-fail-model': 'primary' };
    expect(await caught(ask(headers, 'primary'))).toBeInstanceOf(OpenAI.InternalServerError);
    expect((await ask(headers, 'backup')).model).toBe('backup');
  });

  test('x-sim-fail-once fails only the first request with that key (retry)', async () => {
    const headers = { ...fail('500'), 'x-sim-fail-once': 'flaky-1' };
    expect(await caught(ask(headers))).toBeInstanceOf(OpenAI.InternalServerError);
    expect((await ask(headers)).choices[0]!.message.content).toContain('[gpt-4o]');
  });
});

describe('transport faults', () => {
  test('reset drops the connection: APIConnectionError', async () => {
    const err = await caught(ask(fail('reset')));
    expect(err).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(err).not.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  test('timeout never answers: the client times out', async () => {
    const err = await caught(ask(fail('timeout'), 'gpt-4o', 300));
    expect(err).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  test('malformed: 200 with a body that is not JSON', async () => {
    const res = await fetch(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      headers: fail('malformed'),
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json().catch((e: unknown) => e)).toBeInstanceOf(SyntaxError);
    expect(await caught(ask(fail('malformed')))).toBeInstanceOf(SyntaxError);
  });

  test('cut-stream: a few chunks, then the stream breaks without [DONE]', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'List the requirements' }], stream: true },
      { headers: fail('cut-stream') },
    );
    const seen: string[] = [];
    const err = await caught(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );
    expect(seen.length).toBe(3);
    expect(String(err)).toContain('ECONNRESET');
  });

  test('cut-stream on Anthropic: no message_stop, the SDK stream fails', async () => {
    const types: string[] = [];
    const err = await caught(
      (async () => {
        const stream = await anthropic.messages.create(
          {
            model: 'claude-x',
            max_tokens: 100,
            messages: [{ role: 'user', content: 'hi there' }],
            stream: true,
          },
          { headers: fail('cut-stream') },
        );
        for await (const event of stream) types.push(event.type);
      })(),
    );
    expect(types[0]).toBe('message_start');
    expect(types).not.toContain('message_stop');
    expect(err).toBeInstanceOf(Error);
  });

  test('stream-error: a few chunks, then an in-band error the SDKs raise (chat and Anthropic)', async () => {
    const seen: string[] = [];
    const chatErr = await caught(
      (async () => {
        const stream = await openai.chat.completions.create(
          { model: 'gpt-4o', messages: [{ role: 'user', content: 'List the requirements' }], stream: true },
          { headers: fail('stream-error') },
        );
        for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );
    expect(seen.length).toBe(3);
    expect(chatErr).toBeInstanceOf(OpenAI.APIError);
    expect((chatErr as Error).message).toContain('stream-error');
    const types: string[] = [];
    const anthropicErr = await caught(
      (async () => {
        const stream = await anthropic.messages.create(
          { model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], stream: true },
          { headers: fail('stream-error') },
        );
        for await (const event of stream) types.push(event.type);
      })(),
    );
    expect(types[0]).toBe('message_start');
    expect(anthropicErr).toBeInstanceOf(Anthropic.APIError);
    expect((anthropicErr as Error).message).toContain('overloaded_error');
    expect(await caught(ask(fail('stream-error')))).toBeInstanceOf(OpenAI.InternalServerError);
  });

  test('cut-stream without streaming: the JSON body breaks off mid-way', async () => {
    expect(String(await caught(ask(fail('cut-stream'))))).toContain('ECONNRESET');
  });

  test('stop() ends held requests instead of waiting for them', async () => {
    const other = await startSimModels({ quiet: true });
    const held = fetch(`${other.url}/v1/chat/completions`, {
      method: 'POST',
      headers: fail('timeout'),
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    }).catch((e: unknown) => e);
    await Bun.sleep(50);
    await other.stop();
    expect(await held).toBeInstanceOf(Error);
  });
});

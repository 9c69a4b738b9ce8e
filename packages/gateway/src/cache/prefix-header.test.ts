import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../../test/support/index.ts';
import type { ChatCompletion } from '../protocol/openai.ts';
import type { Provider, ProviderCallContext } from '../providers/types.ts';

// `prompt_caching.prefix_hash_header`: the stable-prefix hash goes upstream (for a ring-hash load
// balancer in front of vLLM/SGLang replicas) and back to the client.

const seen: Array<Record<string, string> | undefined> = [];
const recording: Provider = {
  name: 'vllm',
  interface: 'openai',
  async chat(request, ctx: ProviderCallContext): Promise<ChatCompletion> {
    seen.push(ctx.headers);
    const last = JSON.stringify(request.messages.at(-1)?.content);
    const usage = last.includes('no usage')
      ? {}
      : last.includes('bad usage')
        ? { usage: { prompt_tokens: 'many', completion_tokens: null } as never }
        : { usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 } };
    return {
      ...usage,
      id: 'c',
      object: 'chat.completion',
      created: 0,
      model: request.model ?? '',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    };
  },
  stream: () => Promise.reject(new Error('not used')),
};

let gw: TestGateway;
let client: OpenAI;
beforeAll(async () => {
  gw = await startTestGateway(
    `model_providers: [{model: vllm/qwen3, base_url: "http://127.0.0.1:9/v1", default: true}]\nprompt_caching: { prefix_hash_header: true }\n`,
    { sim: false, deps: { providers: { 'vllm/qwen3': recording } } },
  );
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => gw.stop());

const ask = (system: string, user: string) =>
  client.chat.completions
    .create({
      model: 'vllm/qwen3',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
    })
    .withResponse();

describe('x-tether-prefix-hash', () => {
  test('the same prefix gives the same hash upstream and to the client; another prefix another', async () => {
    const a = await ask('Agent A', 'first task');
    const hash = a.response.headers.get('x-tether-prefix-hash');
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(seen.at(-1)?.['x-tether-prefix-hash']).toBe(hash ?? '');
    const again = await ask('Agent A', 'first task');
    expect(again.response.headers.get('x-tether-prefix-hash')).toBe(hash);
    const b = await ask('Agent B', 'first task');
    expect(b.response.headers.get('x-tether-prefix-hash')).not.toBe(hash);
    expect(seen.at(-1)?.['x-tether-prefix-hash']).toBe(b.response.headers.get('x-tether-prefix-hash') ?? '');
  });

  test('usage without cache fields is 0 cached tokens; a missing or malformed usage block is unknown, not a crash', async () => {
    const { response } = await ask('Agent A', 'first task');
    expect(response.headers.get('x-tether-cached-tokens')).toBe('0');
    for (const text of ['no usage', 'bad usage']) {
      const r = await ask('Agent A', text);
      expect(r.data.choices[0]?.message.content).toBe('ok');
      expect(r.response.headers.get('x-tether-cached-tokens')).toBe('unknown');
    }
    const metrics = await (await gw.fetch('/metrics')).text();
    expect(metrics).toContain('tether_usage_unknown_total{model="vllm/qwen3"} 2');
  });
});

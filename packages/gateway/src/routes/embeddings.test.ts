import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../../test/support/index.ts';

let gw: TestGateway;
let client: OpenAI;
beforeAll(async () => {
  gw = await startTestGateway({
    model_providers: [
      { model: 'openai/gpt-4o', default: true },
      { model: 'openai/text-embedding-3-small' },
      { model: 'anthropic/claude-sonnet-4' },
    ],
    model_aliases: { embed: { target: 'openai/text-embedding-3-small' } },
  });
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: 'client-key', maxRetries: 0 });
});
afterAll(() => gw.stop());

describe('POST /v1/embeddings (openai SDK)', () => {
  test('forwarded to the named model, never routed or pinned', async () => {
    const { data, response } = await client.embeddings
      .create({ model: 'openai/text-embedding-3-small', input: ['hello world', 'bonjour'] })
      .withResponse();
    expect(data.data).toHaveLength(2);
    expect(data.data[0]?.embedding.length).toBeGreaterThan(0);
    expect(response.headers.get('x-tether-model')).toBe('openai/text-embedding-3-small');
    expect(response.headers.get('x-tether-pinned')).toBe('false');

    const again = await client.embeddings.create(
      { model: 'embed', input: 'hello world' },
      { headers: { 'X-Model-Affinity': 'not-used' } },
    );
    expect(again.data[0]?.embedding).toEqual(data.data[0]?.embedding as number[]);
  });

  test('an unknown model or one without embeddings is a 400 naming model', async () => {
    for (const model of ['nope/embedder', 'anthropic/claude-sonnet-4']) {
      const res = await gw.fetch('/v1/embeddings', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, input: 'x' }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { param: string } }).error.param).toBe('model');
    }
  });
});

describe('GET /v1/models/{id}', () => {
  test('retrieves a configured model and an alias; unknown is a 404', async () => {
    const model = await client.models.retrieve('openai/gpt-4o');
    expect(model.id).toBe('openai/gpt-4o');
    expect(model.owned_by).toBe('openai');
    const alias = await client.models.retrieve('embed');
    expect(alias.id).toBe('embed');
    const res = await gw.fetch('/v1/models/nope%2Fmodel');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('not_found_error');
  });
});

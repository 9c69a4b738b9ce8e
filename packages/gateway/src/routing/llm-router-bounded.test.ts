import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createLlmRouter } from './llm-router.ts';

// A router endpoint that answers without end must not be read without end.

const filler = new TextEncoder().encode('x'.repeat(64 * 1024));
let cancelled = false;
let server: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull: (controller) => controller.enqueue(filler),
          cancel: () => {
            cancelled = true;
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      ),
  });
});
afterAll(() => server.stop(true));

describe('llm router answer size', () => {
  test('an endless answer is a router_error (the default model serves), read no further than 1 MiB', async () => {
    const router = createLlmRouter(
      [{ name: 'code', description: 'writing code', examples: [], models: ['a/b'] }],
      {
        type: 'llm',
        model: 'Arch-Router',
        baseUrl: `http://127.0.0.1:${server.port}/v1`,
        apiKey: undefined,
        timeoutMs: 10_000,
        minScore: 0.2,
        maxContextTokens: 2048,
      },
    );
    const error = await Promise.resolve(router.route([{ role: 'user', text: 'write a function' }])).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'router_error' });
    expect(String((error as Error).message)).toContain('larger than');
    for (let i = 0; i < 50 && !cancelled; i++) await Bun.sleep(20);
    expect(cancelled).toBe(true);
  });
});

import { afterAll, describe, expect, test } from 'bun:test';
import type { Logger } from '../logger.ts';
import { startTestGateway, type TestGateway } from '../test-support/index.ts';

// The log claims a failover only when there is a next model to fail over to.

const lines: string[] = [];
const logger: Logger = {
  debug: (message) => lines.push(message),
  info: (message) => lines.push(message),
  warn: (message) => lines.push(message),
  error: (message) => lines.push(message),
};
const gateways: TestGateway[] = [];
afterAll(async () => {
  for (const gw of gateways) await gw.stop();
});

async function failing(onError: 'fail' | 'failover'): Promise<number> {
  const headers = { 'x-sim-fail': '503', 'x-sim-fail-model': 'primary' };
  const gw = await startTestGateway(
    {
      model_providers: [
        { model: 'openai/primary', headers, default: true },
        { model: 'openai/secondary', headers },
      ],
      routing_preferences: [
        {
          name: 'code_generation',
          description: 'generating new code, implementing functions, classes, SQL schemas and ORM models',
          models: ['openai/primary', 'openai/secondary'],
        },
      ],
      routing: { affinity: { on_upstream_error: onError } },
    },
    { deps: { logger } },
  );
  gateways.push(gw);
  lines.length = 0;
  const r = await gw.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'auto',
      messages: [{ role: 'user', content: 'Implement SQLAlchemy models for the orders table' }],
    }),
  });
  await r.text();
  return r.status;
}

describe('failover log', () => {
  test('on_upstream_error: fail never says "trying the next model"', async () => {
    expect(await failing('fail')).toBe(502);
    expect(lines.some((line) => line.includes('trying the next model'))).toBe(false);
  });

  test('on_upstream_error: failover says it when a next model is tried', async () => {
    expect(await failing('failover')).toBe(200);
    expect(lines.some((line) => line.includes('trying the next model'))).toBe(true);
  });
});

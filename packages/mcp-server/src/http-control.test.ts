import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { startSimModels } from '@tether/sim-models';
import {
  CODE_MODEL,
  type GatewayProcess,
  REASONING_MODEL,
  simConfigYaml,
  startGatewayProcess,
} from '../test/support/gateway-process.ts';
import { TetherControlError } from './errors.ts';
import { createHttpControl } from './http-control.ts';
import type { TetherControl } from './types.ts';

const TOKEN = 'test-admin-token';
let sim: { url: string; stop(): Promise<void> | void };
let gateway: GatewayProcess;
let control: TetherControl;

beforeAll(async () => {
  sim = await startSimModels({ port: 0 });
  gateway = await startGatewayProcess(simConfigYaml(sim.url, `admin_token: ${TOKEN}\n`));
  control = createHttpControl({ baseUrl: gateway.url, token: TOKEN });
});

afterAll(async () => {
  await gateway?.stop();
  await sim?.stop();
});

async function controlError(promise: Promise<unknown>): Promise<TetherControlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!TetherControlError.isInstance(error))
    throw new Error(`expected a TetherControlError, got ${String(error)}`);
  return error;
}

describe('createHttpControl against a running gateway', () => {
  test('listModels returns the configured models and aliases', async () => {
    const info = await control.listModels();
    expect(info.models).toEqual(expect.arrayContaining([REASONING_MODEL, CODE_MODEL, 'openai/gpt-4o-mini']));
    expect(info.aliases).toContainEqual({ alias: 'fast', target: 'openai/gpt-4o-mini' });
    expect(info.models).not.toContain('fast');
  });

  test('previewRoute routes by intent and pins nothing', async () => {
    const code = await control.previewRoute([
      { role: 'user', content: 'Write the CREATE TABLE statements for orders' },
    ]);
    expect(code).toEqual({ model: CODE_MODEL, route: 'code_generation', pinned: false });
    const reasoning = await control.previewRoute([
      { role: 'user', content: 'Compare PostgreSQL and MongoDB and assess the trade-offs' },
    ]);
    expect(reasoning.model).toBe(REASONING_MODEL);
  });

  test('pin by model, read it, release it', async () => {
    const pin = await control.pin({ model: 'openai/gpt-4o-mini', ttlSeconds: 120 });
    expect(pin.affinity_id).toMatch(/^aff_[0-9a-f]{24}$/);
    expect(pin).toMatchObject({ model: 'openai/gpt-4o-mini', source: 'explicit', created_id: true });
    expect(pin.ttl_seconds).toBeGreaterThan(100);
    expect(pin.ttl_seconds).toBeLessThanOrEqual(120);
    expect(await control.getPin(pin.affinity_id)).toMatchObject({ model: 'openai/gpt-4o-mini' });
    expect(await control.releasePin(pin.affinity_id)).toBe(true);
    expect(await control.getPin(pin.affinity_id)).toBeNull();
    expect(await control.releasePin(pin.affinity_id)).toBe(false);
  });

  test('pin by prompt pins the router choice and keeps an existing pin', async () => {
    const id = `ctl-prompt-${crypto.randomUUID()}`;
    const pin = await control.pin({ id, prompt: 'write a SQL migration that adds an index' });
    expect(pin).toMatchObject({
      affinity_id: id,
      model: CODE_MODEL,
      route: 'code_generation',
      source: 'router',
    });
    expect(pin.created_id).toBe(false);
    expect(pin.kept_existing).toBe(false);
    const again = await control.pin({ id, prompt: 'compare the trade-offs of sharding' });
    expect(again).toMatchObject({ model: CODE_MODEL, kept_existing: true });
    await control.releasePin(id);
  });

  test('an alias pins its target', async () => {
    const pin = await control.pin({ model: 'fast' });
    expect(pin.model).toBe('openai/gpt-4o-mini');
    await control.releasePin(pin.affinity_id);
  });

  test('an unknown model is an unknown_model error naming the valid models', async () => {
    const error = await controlError(control.pin({ id: 'ctl-unknown', model: 'openai/gpt-9' }));
    expect(error.code).toBe('unknown_model');
    expect(error.message).toContain(REASONING_MODEL);
  });

  test('a bad affinity id is rejected before any request', async () => {
    const error = await controlError(control.getPin('x'.repeat(257)));
    expect(error.code).toBe('invalid_affinity_id');
    expect((await controlError(control.releasePin('tab\there'))).code).toBe('invalid_affinity_id');
  });

  test('a missing token is unauthorized, a wrong one forbidden, and no token is ever echoed', async () => {
    const missing = await controlError(createHttpControl({ baseUrl: gateway.url }).getPin('ctl-any'));
    expect(missing.code).toBe('unauthorized');
    expect(missing.status).toBe(401);
    const wrong = createHttpControl({ baseUrl: gateway.url, token: 'not-the-token' });
    const error = await controlError(wrong.getPin('ctl-any'));
    expect(error.code).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.message).toContain('admin token');
    expect(error.message).not.toContain('not-the-token');
    expect(error.message).not.toContain(TOKEN);
  });

  test('an unreachable gateway says so', async () => {
    const nowhere = createHttpControl({ baseUrl: 'http://127.0.0.1:9' });
    const error = await controlError(nowhere.listModels());
    expect(error.code).toBe('gateway_unreachable');
    expect(error.message).toContain('http://127.0.0.1:9');
  });
});

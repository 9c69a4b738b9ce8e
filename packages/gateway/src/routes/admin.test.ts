import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  RESEARCH_CONFIG,
  RESEARCH_ROUTES,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('affinity admin API without admin_token (loopback only)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(RESEARCH_CONFIG, { sim: false });
  });
  afterAll(() => gw.stop());

  test('PUT pins explicitly, GET shows it, DELETE removes it, then 404', async () => {
    const put = await gw.fetch('/affinity/v1/agent-7', {
      method: 'PUT',
      ...json({ model: 'smart', ttl_seconds: 120 }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({
      id: 'agent-7',
      model: RESEARCH_ROUTES.complex_reasoning,
      source: 'explicit',
    });
    const get = await gw.fetch('/affinity/v1/agent-7');
    const view = (await get.json()) as { model: string; source: string; ttl_seconds: number; route: null };
    expect(view).toMatchObject({ model: RESEARCH_ROUTES.complex_reasoning, source: 'explicit', route: null });
    expect(view.ttl_seconds).toBeGreaterThan(100);
    expect(view.ttl_seconds).toBeLessThanOrEqual(120);

    const routed = await gw.fetch('/routing/v1/chat/completions', {
      method: 'POST',
      ...json(
        { model: 'auto', messages: [{ role: 'user', content: 'Implement SQLAlchemy models' }] },
        { 'x-model-affinity': 'agent-7' },
      ),
    });
    expect(await routed.json()).toMatchObject({ model: RESEARCH_ROUTES.complex_reasoning, pinned: true });

    expect((await gw.fetch('/affinity/v1/agent-7', { method: 'DELETE' })).status).toBe(200);
    expect((await gw.fetch('/affinity/v1/agent-7')).status).toBe(404);
    expect((await gw.fetch('/affinity/v1/agent-7', { method: 'DELETE' })).status).toBe(404);
  });

  test('PUT may name the route the pin stands for; an unconfigured route is a 400', async () => {
    const put = await gw.fetch('/affinity/v1/routed-pin', {
      method: 'PUT',
      ...json({ model: RESEARCH_ROUTES.code_generation, route: 'code_generation' }),
    });
    expect(put.status).toBe(200);
    const got = await gw.fetch('/affinity/v1/routed-pin');
    expect(await got.json()).toMatchObject({ route: 'code_generation', source: 'explicit' });
    const bad = await gw.fetch('/affinity/v1/routed-pin', {
      method: 'PUT',
      ...json({ model: RESEARCH_ROUTES.code_generation, route: 'cooking' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      'configured routes: code_generation, complex_reasoning',
    );
  });

  test('PUT to an unconfigured model, or a bad body, is a 400', async () => {
    const unknown = await gw.fetch('/affinity/v1/x', { method: 'PUT', ...json({ model: 'openai/gpt-9' }) });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_model');
    const bad = await gw.fetch('/affinity/v1/x', {
      method: 'PUT',
      ...json({ model: 'smart', ttl_seconds: -1 }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('ttl_seconds');
  });

  test('an in-process request without a socket peer is refused when the app is not listening', async () => {
    const embedded = await startTestGateway(RESEARCH_CONFIG, { sim: false, listen: false });
    const response = await embedded.handle('/affinity/v1/x');
    expect(response.status).toBe(403);
    await embedded.stop();
  });
});

describe('affinity admin API with admin_token', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(`${RESEARCH_CONFIG}\nadmin_token: $TETHER_ADMIN\n`, {
      sim: false,
      env: { TETHER_ADMIN: 's3cret-token' },
    });
  });
  afterAll(() => gw.stop());

  test('no token → 401, wrong token → 403, right token → served', async () => {
    const none = await gw.fetch('/affinity/v1/a');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const wrong = await gw.fetch('/affinity/v1/a', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('s3cret-token');
    const ok = await gw.fetch('/affinity/v1/a', {
      method: 'PUT',
      ...json({ model: 'openai/gpt-4o' }, { authorization: 'Bearer s3cret-token' }),
    });
    expect(ok.status).toBe(200);
    const get = await gw.fetch('/affinity/v1/a', { headers: { authorization: 'Bearer s3cret-token' } });
    expect(((await get.json()) as { model: string }).model).toBe('openai/gpt-4o');
  });
});

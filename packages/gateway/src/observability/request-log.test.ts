import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  RESEARCH_CONFIG,
  RESEARCH_STEPS,
  researchConversation,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import type { Logger } from '../logger.ts';
import { hashAffinity } from './hash.ts';

const PROVIDER_KEY = 'sk-provider-secret-4f9a';
const ADMIN_TOKEN = 'admin-secret-token-77c1';
const CONFIG = `${RESEARCH_CONFIG.replace('$OPENAI_API_KEY', PROVIDER_KEY)}\nadmin_token: ${ADMIN_TOKEN}\n`;

/** A logger that keeps every line as the console logger would print it. */
function capture(): { logger: Logger; lines: Array<Record<string, unknown>>; text(): string } {
  const lines: Array<Record<string, unknown>> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...fields });
  };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    lines,
    text: () => lines.map((l) => JSON.stringify(l)).join('\n'),
  };
}

/** Waits for `n` request lines (a line is written once the response, streams included, has ended). */
async function requestLines(log: ReturnType<typeof capture>, n: number) {
  for (let i = 0; i < 100 && log.lines.filter((l) => l.message === 'request').length < n; i++)
    await Bun.sleep(5);
  return log.lines.filter((l) => l.message === 'request');
}

const chat = (gw: TestGateway, n: number, headers: Record<string, string> = {}, stream = false) =>
  gw.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${PROVIDER_KEY}`, ...headers },
    body: JSON.stringify({ messages: researchConversation(n), stream }),
  });

describe('request logs', () => {
  const log = capture();
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway(CONFIG, { deps: { logger: log.logger } });
  });
  afterAll(() => gw.stop());

  test('one JSON line per request with the decision, hashed affinity id and upstream status', async () => {
    await (await chat(gw, 0, { 'x-model-affinity': 'raw-session-id' })).text();
    await (await chat(gw, 1, { 'x-model-affinity': 'raw-session-id' }, true)).text();
    const lines = await requestLines(log, 2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/v1/chat/completions',
      status: 200,
      model: 'anthropic/claude-sonnet-4',
      route: 'code_generation',
      pinned: false,
      affinity: hashAffinity('raw-session-id'),
      upstream_status: 200,
    });
    expect(lines[1]).toMatchObject({ pinned: true, status: 200, upstream_status: 200 });
    for (const line of lines) expect(typeof line.duration_ms).toBe('number');
  });

  test('no secrets, no raw affinity id and no message content in any line', async () => {
    await (
      await gw.fetch('/affinity/v1/raw-session-id', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text();
    await (await gw.fetch(`/dashboard/data?token=${ADMIN_TOKEN}`)).text();
    await (
      await gw.fetch('/affinity/v1/raw-session-id', { headers: { authorization: 'Bearer wrong' } })
    ).text();
    const lines = await requestLines(log, 5);
    expect(lines.map((l) => [l.path, l.status])).toContainEqual(['/dashboard/data', 200]);
    expect(lines.map((l) => [l.path, l.status])).toContainEqual(['/affinity/v1/:id', 403]);
    const text = log.text();
    for (const secret of [PROVIDER_KEY, ADMIN_TOKEN, RESEARCH_STEPS[0], RESEARCH_STEPS[1]]) {
      expect(text).not.toContain(secret);
    }
    // Admin paths show their route pattern and the hashed id, like the proxied requests.
    expect(text).not.toContain('raw-session-id');
    expect(lines.filter((l) => l.path === '/affinity/v1/:id').map((l) => l.affinity)).toEqual([
      hashAffinity('raw-session-id'),
      hashAffinity('raw-session-id'),
    ]);
  });

  test('polled endpoints log at debug', async () => {
    await (await gw.fetch('/metrics')).text();
    const lines = await requestLines(log, 6);
    expect(lines.find((l) => l.path === '/metrics')?.level).toBe('debug');
  });
});

describe('logging config', () => {
  test('include_content adds the request body to the line', async () => {
    const log = capture();
    const gw = await startTestGateway(`${CONFIG}logging:\n  include_content: true\n`, {
      deps: { logger: log.logger },
    });
    await (await chat(gw, 0)).text();
    const [line] = await requestLines(log, 1);
    expect(String(line?.content)).toContain(RESEARCH_STEPS[0]);
    await gw.stop();
  });

  test('level filters the console logger the gateway builds', async () => {
    const printed: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => printed.push(args.map(String).join(' '));
    try {
      const gw = await startTestGateway(`${CONFIG}logging:\n  level: warn\n`, {
        deps: { logger: undefined },
      });
      await (await chat(gw, 0)).text();
      await (await gw.fetch('/v1/chat/completions', { method: 'POST', body: '{' })).text();
      await Bun.sleep(20);
      await gw.stop();
    } finally {
      console.error = original;
    }
    const lines = printed.map((p) => JSON.parse(p) as Record<string, unknown>);
    expect(lines.filter((l) => l.message === 'request')).toHaveLength(0);
    expect(lines.every((l) => l.level === 'warn' || l.level === 'error')).toBe(true);
  });
});

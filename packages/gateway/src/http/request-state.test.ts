import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  RESEARCH_CONFIG,
  researchConversation,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';
import type { Logger } from '../logger.ts';
import { hashAffinity } from '../observability/hash.ts';
import { requestRecord } from './request-state.ts';

// The per-request record is what logs are written from: its pin outcomes and adopted scope show
// in the request line, and nothing is read back from response headers.
const lines: Array<Record<string, unknown>> = [];
const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
  if (message === 'request') lines.push({ level, ...fields });
};
const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(
    `${RESEARCH_CONFIG}\nrouting:\n  affinity: {adopt_session_headers: true, ttl_mode: sliding}\n`,
    { deps: { logger } },
  );
});
afterAll(() => gw.stop());

async function chat(n: number, headers: Record<string, string>) {
  const response = await gw.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: researchConversation(n) }),
  });
  expect(response.status).toBe(200);
  await response.text();
  for (let i = 0; i < 100 && lines.length < n + 1; i++) await Bun.sleep(5);
}

describe('the per-request record', () => {
  test('records the pin outcomes and the adopted scope, and the log line shows them', async () => {
    lines.length = 0;
    await chat(0, { 'x-claude-code-session-id': 'cc-record-1' });
    await chat(1, { 'x-claude-code-session-id': 'cc-record-1' });
    expect(lines.map((l) => l.pin)).toEqual(['created', 'hit,renewed']);
    expect(lines[1]).toMatchObject({
      pinned: true,
      affinity_source: 'x-claude-code-session-id',
      affinity: hashAffinity('cc-record-1'),
    });
  });

  test('is one record per Request, created on first use', () => {
    const a = new Request('http://x/v1/models?token=secret');
    expect(requestRecord(a)).toBe(requestRecord(a));
    expect(requestRecord(a).path).toBe('/v1/models');
    expect(requestRecord(new Request('http://x/'))).not.toBe(requestRecord(a));
  });
});

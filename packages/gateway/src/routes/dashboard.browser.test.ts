import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import {
  RESEARCH_CONFIG,
  researchConversation,
  startTestGateway,
  type TestGateway,
} from '../../test/support/index.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = new URL('../../artifacts/dashboard.png', import.meta.url).pathname;
const TOKEN = 'browser-token-5e1';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') {
  throw new Error(`${CHROMIUM} is missing; CI must install Debian's chromium package`);
}
if (!available)
  console.warn(`skipping the dashboard browser test: ${CHROMIUM} not found (apt-get install chromium)`);

describe.skipIf(!available)('GET /dashboard in headless Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  beforeAll(async () => {
    gw = await startTestGateway(`${RESEARCH_CONFIG}\nadmin_token: ${TOKEN}\n`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  });

  const chat = async (n: number, id?: string) => {
    const response = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(id ? { 'x-model-affinity': id } : {}) },
      body: JSON.stringify({ messages: researchConversation(n) }),
    });
    expect(response.status).toBe(200);
    await response.text();
  };

  test('shows live pins and per-model pinned vs routed counts, refreshing itself', async () => {
    for (const n of [0, 2, 4]) await chat(n, 'agent-code-7');
    for (const n of [1, 3]) await chat(n, 'agent-review-3');
    // A client-chosen id that looks like markup must show as text, not become markup.
    await chat(0, '<img src=x onerror=alert(1)>');
    await chat(1);

    const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
    await page.goto(`${gw.url}/dashboard?token=${TOKEN}`);
    await page.waitForSelector('tr[data-affinity-id="agent-code-7"]');
    const rows = await page.$$eval('#pins tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
    expect(rows).toContainEqual([
      'agent-code-7',
      'anthropic/claude-sonnet-4',
      'code_generation',
      'router',
      '3',
      expect.stringMatching(/^\d+$/),
    ]);
    expect(rows).toContainEqual([
      'agent-review-3',
      'openai/gpt-4o',
      'complex_reasoning',
      'router',
      '2',
      expect.stringMatching(/^\d+$/),
    ]);
    expect(rows.map((r) => r[0])).toContain('<img src=x onerror=alert(1)>');
    expect(await page.$$('#pins img')).toHaveLength(0);
    const models = await page.$$eval('#models tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '').slice(0, 3)),
    );
    expect(models).toEqual([
      ['anthropic/claude-sonnet-4', '2', '2'],
      ['openai/gpt-4o', '1', '2'],
    ]);

    // A new pin shows up on the next refresh without a reload.
    await chat(0, 'late-arrival');
    await page.waitForSelector('tr[data-affinity-id="late-arrival"]', { timeout: 10_000 });
    mkdirSync(new URL('../../artifacts/', import.meta.url).pathname, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  }, 30_000);
});

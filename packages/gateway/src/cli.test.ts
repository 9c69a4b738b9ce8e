import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@tether/testing';
import { RESEARCH_CONFIG } from '../test/support/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'tether-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = join(import.meta.dir, 'cli.ts');
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const run = async (...args: string[]) => {
  const proc = Bun.spawn(['bun', cli, ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '' },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
};

describe('tether CLI', () => {
  test('validate prints resolved models, aliases and routes', async () => {
    const r = await run('validate', file('ok.yaml', RESEARCH_CONFIG));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('anthropic/claude-sonnet-4');
    expect(r.stdout).toContain('smart → openai/gpt-4o');
    expect(r.stdout).toContain('code_generation → anthropic/claude-sonnet-4');
    expect(r.stdout).toContain('client model: route');
    const honor = await run(
      'validate',
      file('honor.yaml', `${RESEARCH_CONFIG}\nrouting: {client_model: honor}\n`),
    );
    expect(honor.stdout).toContain('client model: honor');
  });

  test('validate fails with file, path and hint', async () => {
    const r = await run(
      'validate',
      file('bad.yaml', 'model_providers: [{model: openai/gpt-4o}]\nrouting: {session_ttl_second: 5}\n'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml:2 routing.session_ttl_second');
    expect(r.stderr).toContain('did you mean "session_ttl_seconds"?');
  });

  test('up listens on --port and --host', async () => {
    const port = await freePort();
    const proc = Bun.spawn(
      ['bun', cli, 'up', file('up.yaml', RESEARCH_CONFIG), '--port', String(port), '--host', '127.0.0.1'],
      {
        stdout: 'pipe',
        stderr: 'ignore',
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    try {
      const reader = proc.stdout.getReader();
      const { value } = await reader.read();
      expect(new TextDecoder().decode(value)).toContain(`http://127.0.0.1:${port}`);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      proc.kill('SIGTERM');
      await proc.exited;
    }
  });

  test('unknown or missing commands print usage and exit 2', async () => {
    for (const args of [['launch', 'x.yaml'], [], ['up']]) {
      const r = await run(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('usage:');
    }
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('tether up <config.yaml>');
  }, 30_000); // four CLI processes in a row: give a loaded CI machine room
});

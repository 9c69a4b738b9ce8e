import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@tether/testing';
import { RESEARCH_CONFIG } from './test-support/fixtures.ts';

// `tether up` as an operator runs it: port ownership and the configured log level.

const dir = mkdtempSync(join(tmpdir(), 'tether-cli-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = join(import.meta.dir, 'cli.ts');
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Starts `tether up` and resolves once it printed its listening line (or exited). */
async function up(config: string, port: number) {
  const proc = Bun.spawn(['bun', cli, 'up', config, '--port', String(port), '--host', '127.0.0.1'], {
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '' },
  });
  const stderr = new Response(proc.stderr).text();
  const { value } = await proc.stdout.getReader().read();
  return { proc, stderr, banner: new TextDecoder().decode(value ?? new Uint8Array()) };
}

async function stop(proc: Bun.Subprocess): Promise<void> {
  proc.kill('SIGTERM');
  await proc.exited;
}

describe('tether up: port ownership', () => {
  test('a second tether up on a port in use exits 3 with "port N is already in use"', async () => {
    const port = await freePort();
    const first = await up(file('a.yaml', RESEARCH_CONFIG), port);
    try {
      expect(first.banner).toContain(`:${port}`);
      const second = await up(file('b.yaml', RESEARCH_CONFIG), port);
      expect(await second.proc.exited).toBe(3);
      expect(await second.stderr).toContain(`port ${port} is already in use`);
      // The first one still owns the port and answers.
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await stop(first.proc);
    }
  });

  test('listeners[].reuse_port: true lets a second process share the port on purpose', async () => {
    const port = await freePort();
    const shared = RESEARCH_CONFIG.replace('    port: 12000\n', '    port: 12000\n    reuse_port: true\n');
    const first = await up(file('c.yaml', shared), port);
    const second = await up(file('d.yaml', shared), port);
    try {
      expect(second.banner).toContain(`:${port}`);
      expect(second.proc.exitCode).toBeNull();
    } finally {
      await stop(first.proc);
      await stop(second.proc);
    }
  });
});

describe('tether up: logging.level', () => {
  async function linesAt(level: string): Promise<string[]> {
    const port = await freePort();
    const run = await up(file(`log-${level}.yaml`, `${RESEARCH_CONFIG}\nlogging: {level: ${level}}\n`), port);
    try {
      await (await fetch(`http://127.0.0.1:${port}/v1/models`)).text();
      await (await fetch(`http://127.0.0.1:${port}/nope`)).text();
    } finally {
      await stop(run.proc);
    }
    return (await run.stderr).split('\n').filter((line) => line.startsWith('{'));
  }

  test('level error writes no info or warn line; level debug writes the request lines', async () => {
    const quiet = await linesAt('error');
    expect(quiet.filter((line) => /"level":"(debug|info|warn)"/.test(line))).toEqual([]);
    const chatty = await linesAt('debug');
    expect(chatty.some((line) => line.includes('"level":"info"'))).toBe(true);
  });
});

import { expect, test } from 'bun:test';

const CLI = `${import.meta.dir}/cli.ts`;

test('--help prints usage and the knob headers', async () => {
  const proc = Bun.spawn(['bun', CLI, '--help'], { stdout: 'pipe' });
  const out = await new Response(proc.stdout).text();
  expect(await proc.exited).toBe(0);
  expect(out).toContain('--port');
  expect(out).toContain('x-sim-fail');
});

test('prints its URL, serves, and stops cleanly on SIGTERM', async () => {
  const proc = Bun.spawn(['bun', CLI, '--port', '0', '--quiet'], { stdout: 'pipe' });
  const reader = proc.stdout.getReader();
  let text = '';
  while (!/http:\/\/\S+/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  const url = text.match(/http:\/\/\S+/)?.[0];
  expect(url).toStartWith('http://127.0.0.1:');
  const res = await fetch(`${url}/v1/models`);
  expect(res.headers.get('x-sim-model')).toBe('true');
  proc.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
});

test('rejects a bad flag with exit code 2', async () => {
  const proc = Bun.spawn(['bun', CLI, '--port', 'abc'], { stdout: 'pipe', stderr: 'pipe' });
  expect(await proc.exited).toBe(2);
});

import { type Subprocess, spawn, which } from 'bun';
import { freePort } from './free-port.ts';

export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** True between a successful start and a stop. */
  readonly running: boolean;
  /** Stops the server (SIGKILL-free: SHUTDOWN NOSAVE, then SIGTERM); the port stays reserved for `start()`. */
  stop(): Promise<void>;
  /** SIGKILLs the server (no shutdown, no save), like a crash; resolves once it is gone. `start()` brings an empty one back. */
  kill(): Promise<void>;
  /** Starts it again on the same port, waiting until it answers PING. */
  start(): Promise<void>;
  /** Runs `redis-cli` against this server and returns its trimmed stdout. */
  cli(...args: string[]): Promise<string>;
}

export interface StartRedisOptions {
  /** A fixed port; by default a free loopback port is chosen. */
  port?: number;
  /** Extra `redis-server` arguments, e.g. `['--maxmemory', '10mb']`. */
  args?: string[];
}

const MISSING = 'redis-server was not found on PATH. Install it with: apt-get install redis-server';

/** A process killed by a signal has `exitCode` null and `signalCode` set: neither means it still runs. */
const alive = (p: Subprocess | undefined): p is Subprocess =>
  p !== undefined && p.exitCode === null && p.signalCode === null;

export function redisServerBinary(): string {
  const bin = which('redis-server');
  if (!bin) throw new Error(MISSING);
  return bin;
}

/**
 * Starts a real, throw-away `redis-server` on a free loopback port with persistence off.
 * Never touches a Redis the machine already runs (e.g. 127.0.0.1:6379).
 */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<RedisServerHandle> {
  const bin = redisServerBinary();
  const port = options.port ?? (await freePort());
  let proc: Subprocess | undefined;

  const cli = async (...args: string[]): Promise<string> => {
    const p = spawn(['redis-cli', '-h', '127.0.0.1', '-p', String(port), ...args], {
      stdout: 'pipe',
      stderr: 'pipe',
    });
    const out = await new Response(p.stdout).text();
    await p.exited;
    return out.trim();
  };

  const start = async (): Promise<void> => {
    if (alive(proc)) return;
    proc = spawn(
      [
        bin,
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--protected-mode',
        'yes',
        '--loglevel',
        'warning',
        ...(options.args ?? []),
      ],
      { stdout: 'ignore', stderr: 'pipe' },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) {
        const err = proc.stderr instanceof ReadableStream ? await new Response(proc.stderr).text() : '';
        throw new Error(`redis-server exited with code ${proc.exitCode} on port ${port}: ${err.trim()}`);
      }
      if ((await cli('PING').catch(() => '')) === 'PONG') return;
      await Bun.sleep(20);
    }
    throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
  };

  const stop = async (): Promise<void> => {
    const p = proc;
    if (!alive(p)) return;
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 5_000);
    await p.exited;
    clearTimeout(timer);
  };

  const kill = async (): Promise<void> => {
    const p = proc;
    if (!alive(p)) return;
    p.kill('SIGKILL');
    await p.exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get running() {
      return alive(proc);
    },
    stop,
    kill,
    start,
    cli,
  };
}

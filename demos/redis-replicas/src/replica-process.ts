import { type Subprocess, spawn } from 'bun';
import { tetherBin } from './gateway-bin.ts';

/** A gateway replica running as its own `tether up` process. */
export interface ReplicaProcess {
  readonly url: string;
  readonly pid: number;
  /** True while the process has not exited. */
  readonly alive: boolean;
  /** The last lines it printed (stdout and stderr), for a failure message. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnReplicaOptions {
  /** Working directory of the replica (relative config paths resolve against it). */
  repoRoot: string;
  configPath: string;
  port: number;
  /** Give up waiting for `/healthz` after this long. @default 20000 */
  readyTimeoutMs?: number;
  /** Called as soon as the process exists (before it is ready), so an interrupt can stop it. */
  onSpawn?: (replica: ReplicaProcess) => void;
}

const TAIL_LINES = 30;

/** Keeps draining a child's pipe (a full pipe would block it) and remembers the last lines. */
function drain(stream: ReadableStream<Uint8Array>, lines: string[]): void {
  const decoder = new TextDecoder();
  let partial = '';
  const reader = stream.getReader();
  void (async () => {
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) return;
      const parts = (partial + decoder.decode(chunk, { stream: true })).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.length > TAIL_LINES) lines.splice(0, lines.length - TAIL_LINES);
    }
  })().catch(() => {});
}

/**
 * Starts `tether up <config> --port <port>` (the gateway package's bin, a genuinely separate process,
 * as a replica behind a load balancer would be) and waits until `GET /healthz` answers.
 */
export async function spawnReplica(options: SpawnReplicaOptions): Promise<ReplicaProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const proc: Subprocess<'ignore', 'pipe', 'pipe'> = spawn(
    [process.execPath, tetherBin(), 'up', options.configPath, '--port', String(options.port)],
    {
      cwd: options.repoRoot,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  const lines: string[] = [];
  drain(proc.stdout, lines);
  drain(proc.stderr, lines);
  const handle: ReplicaProcess = {
    url,
    pid: proc.pid,
    get alive() {
      return proc.exitCode === null && proc.signalCode === null;
    },
    tail: () => lines.join('\n'),
    async stop(graceMs = 3000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await proc.exited;
      clearTimeout(timer);
    },
  };

  options.onSpawn?.(handle);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (!handle.alive) {
      await proc.exited;
      throw new Error(
        `gateway replica on port ${options.port} exited with code ${proc.exitCode}:\n${handle.tail()}`,
      );
    }
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return handle;
    await Bun.sleep(50);
  }
  await handle.stop();
  throw new Error(
    `gateway replica on port ${options.port} did not answer /healthz in time:\n${handle.tail()}`,
  );
}

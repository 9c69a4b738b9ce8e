/** Child processes: CPU placement, readiness, clean shutdown, JSON results. */

import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, which } from 'bun';

/** Where processes run. With 2+ CPUs and `taskset`, load generators get CPU 0 and every server CPU 1. */
export interface Placement {
  pinned: boolean;
  loadCpu: string;
  serverCpu: string;
}

export function choosePlacement(): Placement {
  const pinned = availableParallelism() >= 2 && which('taskset') !== null;
  return { pinned, loadCpu: '0', serverCpu: '1' };
}

function withCpu(cmd: string[], cpu: string | undefined, placement: Placement): string[] {
  return placement.pinned && cpu !== undefined ? ['taskset', '-c', cpu, ...cmd] : cmd;
}

/** A long-running server child. */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  /** The end of what the child wrote to stdout/stderr (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a server on the server CPU. Its stdout/stderr go to `logFile`, not a pipe: a gateway that
 * logs every request would otherwise make the bench process read (and spend CPU on) every line.
 */
export function startServer(
  name: string,
  cmd: string[],
  placement: Placement,
  logFile: string,
  env: Record<string, string> = {},
): ServerProcess {
  const proc = spawn(withCpu(cmd, placement.serverCpu, placement), {
    stdin: 'ignore',
    stdout: Bun.file(logFile),
    stderr: Bun.file(logFile),
    env: { ...process.env, ...env },
  });
  return {
    name,
    pid: proc.pid,
    output: () => {
      try {
        return readFileSync(logFile, 'utf8').slice(-4000);
      } catch {
        return '';
      }
    },
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await proc.exited;
      clearTimeout(timer);
    },
  };
}

/** Polls until `url` answers any HTTP status, or throws with the server's output. */
export async function waitForHttp(url: string, server: ServerProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await Bun.sleep(50);
    }
  }
  throw new Error(`${server.name} did not answer on ${url} within ${timeoutMs} ms:\n${server.output()}`);
}

/** Runs a measuring child (on the load CPU unless told otherwise) and parses the JSON it prints. */
export async function runJsonChild<T>(
  cmd: string[],
  placement: Placement,
  cpu = placement.loadCpu,
): Promise<T> {
  const proc = spawn(withCpu(cmd, cpu, placement), { stdout: 'pipe', stderr: 'pipe' });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`${cmd.slice(0, 2).join(' ')} exited ${code}: ${err.trim().slice(-800)}`);
  return JSON.parse(out) as T;
}

let specFiles = 0;

/**
 * A child's JSON spec as one argument: inline when small, else `@file` in the temp directory
 * (Linux caps a single argument at 128 KiB, and context-size bodies reach 1 MB).
 */
export function specArgument(spec: unknown): string {
  const json = JSON.stringify(spec);
  if (json.length < 64 * 1024) return json;
  const file = join(tmpdir(), `tether-bench-spec-${process.pid}-${specFiles++ % 8}.json`);
  writeFileSync(file, json);
  return `@${file}`;
}

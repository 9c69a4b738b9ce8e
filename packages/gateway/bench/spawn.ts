import { freePort } from '@tether/testing';
import { spawn } from 'bun';

/** A child server process. */
export interface Started {
  url: string;
  stop(): Promise<void>;
}

/**
 * Spawns a server with `--port <free port>` appended by `args(port)`, then polls `probePath` until
 * it answers (up to 15 s). Polling, not stdout, because a child's stdout to a pipe may be buffered.
 */
export async function startProcess(args: (port: number) => string[], probePath: string): Promise<Started> {
  const port = await freePort();
  const proc = spawn(args(port), { stdout: 'ignore', stderr: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    const ok = await fetch(`${url}${probePath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      return {
        url,
        stop: async () => {
          proc.kill('SIGTERM');
          await proc.exited;
        },
      };
    }
    await Bun.sleep(50);
  }
  proc.kill();
  throw new Error(`${args(port).join(' ')} did not start`);
}

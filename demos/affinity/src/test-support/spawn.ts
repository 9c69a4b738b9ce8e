import { fileURLToPath } from 'node:url';

/** The repository root, where users run `bun run …`. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The environment a newcomer without API keys has, with colour off as when piped. */
export function offlineEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(OPENAI_API_KEY|ANTHROPIC_API_KEY|FORCE_COLOR|TETHER_URL)$/.test(k)) env[k] = v;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

/** What a finished command printed and how it exited. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs a command from the repo root with piped output, as a user's shell pipeline would. */
export async function runCommand(cmd: string[], env = offlineEnv()): Promise<CommandResult> {
  const proc = Bun.spawn(cmd, { cwd: REPO_ROOT, env, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { stdout, stderr, code };
}

/** Starts `bun run tether up <config> --port 0` as a user would; resolves with its URL. */
export async function startCliGateway(configPath: string): Promise<{ url: string; stop(): Promise<void> }> {
  const { match, stop } = await startUntil(
    [process.execPath, 'run', 'tether', 'up', configPath, '--port', '0'],
    /tether listening on (http:\/\/\S+)/,
  );
  return { url: match, stop };
}

/**
 * A copy of a demo config whose providers call sim-models: every `access_key: $VAR` line gets a
 * placeholder key and a `base_url` at sim-models, the edit the READMEs describe. Returns the path.
 */
export async function simConfigCopy(configPath: string, simUrl: string, dir: string): Promise<string> {
  const text = await Bun.file(configPath).text();
  const rewritten = text.replace(
    /^(\s*)access_key: \$\w+$/gm,
    (_, indent: string) => `${indent}access_key: sim-models\n${indent}base_url: ${simUrl}/v1`,
  );
  const out = `${dir}/${configPath.split('/').slice(-2).join('-')}`;
  await Bun.write(out, rewritten);
  return out;
}

/** Runs a long-lived command and resolves once a stdout line matches `ready` (its first group is returned). */
export async function startUntil(
  cmd: string[],
  ready: RegExp,
): Promise<{ match: string; stop(): Promise<void> }> {
  const proc = Bun.spawn(cmd, {
    cwd: REPO_ROOT,
    env: offlineEnv(),
    stdout: 'pipe',
    stderr: 'ignore',
    stdin: 'ignore',
  });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${cmd.join(' ')} exited before it was ready:\n${seen}`);
    seen += decoder.decode(value, { stream: true });
    const found = ready.exec(seen)?.[1];
    if (found) {
      // Keep draining stdout so a chatty server never blocks on a full pipe.
      void (async () => {
        while (!(await reader.read()).done) {}
      })().catch(() => {});
      return {
        match: found,
        async stop() {
          proc.kill('SIGTERM');
          await proc.exited;
        },
      };
    }
  }
}

// Helpers of the pack-and-install CI job: pack the public packages, run commands in scratch projects
// outside the repository, and start gateways as separate processes (Bun from a tarball, Deno from the
// checkout). Every wait is bounded.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The packages users install; `packages/testing` is private and never packed. */
export const PUBLIC_PACKAGES = ['affinity-store', 'mcp-server', 'sim-models', 'gateway'] as const;
export type PublicPackage = (typeof PUBLIC_PACKAGES)[number];

/** What a finished command printed and how it exited. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`). */
export async function run(
  cmd: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<RunResult> {
  const proc = Bun.spawn(cmd, {
    cwd: options.cwd,
    env: options.env ?? (process.env as Record<string, string>),
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: options.timeoutMs ?? 120_000,
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  return { code, stdout, stderr };
}

/** A scratch directory outside the repository, removed by `dispose`. */
export function scratchDir(name: string): { path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), `tether-${name}-`));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A PATH with Node, npm, npx and sh but no Bun: what a Node-only user has. Throws when one of them
 * is missing from this machine's PATH.
 */
export function pathWithoutBun(dir: string): string {
  const bin = join(dir, 'bin-without-bun');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['node', 'npm', 'npx', 'sh']) {
    const found = Bun.which(tool);
    if (!found) throw new Error(`${tool} is not on PATH`);
    symlinkSync(found, join(bin, tool));
  }
  return bin;
}

/** Packs one public package with `bun pm pack` (runs its prepack build, rewrites `workspace:*`). */
export async function pack(pkg: PublicPackage, destination: string): Promise<string> {
  const result = await run(['bun', 'pm', 'pack', '--destination', destination, '--quiet'], {
    cwd: join(REPO_ROOT, 'packages', pkg),
  });
  if (result.code !== 0) throw new Error(`bun pm pack ${pkg} failed:\n${result.stdout}\n${result.stderr}`);
  return join(destination, `tether-${pkg}-0.1.0.tgz`);
}

/** The file list of a tarball (`tar tzf`). */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const result = await run(['tar', 'tzf', tarball], { cwd: tmpdir() });
  return result.stdout.split('\n').filter(Boolean);
}

/** The package.json inside a tarball. */
export async function tarballManifest(tarball: string): Promise<Record<string, unknown>> {
  const result = await run(['tar', 'xzf', tarball, '-O', 'package/package.json'], { cwd: tmpdir() });
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** A long-running server process started by a command that prints `tether listening on <url>`. */
export interface ServerProcess {
  url: string;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves with the exit code. */
  stop(): Promise<number>;
}

/** Starts `cmd` and resolves once it prints `tether listening on <url>` (at most `timeoutMs`). */
export async function startListening(
  cmd: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<ServerProcess> {
  const proc = Bun.spawn(cmd, {
    cwd: options.cwd,
    env: options.env ?? (process.env as Record<string, string>),
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  let text = '';
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  };
  void drain(proc.stdout).catch(() => {});
  void drain(proc.stderr).catch(() => {});
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    const code = await proc.exited;
    clearTimeout(timer);
    return code;
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    const url = /tether listening on (http:\/\/\S+)/.exec(text)?.[1];
    if (url) return { url, output: () => text, stop };
    if (proc.exitCode !== null) break;
    await Bun.sleep(50);
  }
  await stop();
  throw new Error(`${cmd.join(' ')} did not start listening:\n${text}`);
}

export const CODE_MODEL = 'anthropic/claude-sonnet-4-20250514';
export const REASONING_MODEL = 'openai/gpt-4o';

/** A gateway config on sim-models with a code route and a reasoning route (plus `extra` YAML). */
export function smokeConfig(simUrl: string, extra = ''): string {
  return `model_providers:
  - model: ${REASONING_MODEL}
    base_url: ${simUrl}/v1
    access_key: sim
    default: true
  - model: ${CODE_MODEL}
    base_url: ${simUrl}/v1
    access_key: sim
routing_preferences:
  - name: code_generation
    description: write code, implement functions, generate SQL schemas and CREATE TABLE statements
    models: [${CODE_MODEL}]
  - name: complex_reasoning
    description: analyse and compare options, reason about trade-offs, assess and evaluate risks
    models: [${REASONING_MODEL}]
${extra}`;
}

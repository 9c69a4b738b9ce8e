import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@tether/testing';

/** The gateway CLI, run from source (spawned: this package must not import @tether/gateway). */
export const GATEWAY_CLI = fileURLToPath(new URL('../../../gateway/src/cli.ts', import.meta.url));
/** This package's bin. */
export const TETHER_MCP_CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export const CODE_MODEL = 'anthropic/claude-sonnet-4-20250514';
export const REASONING_MODEL = 'openai/gpt-4o';

/** A gateway config whose providers are sim-models at `simUrl`. */
export function simConfigYaml(simUrl: string, extra = ''): string {
  return `model_providers:
  - model: ${REASONING_MODEL}
    base_url: ${simUrl}/v1
    access_key: sim
    default: true
  - model: ${CODE_MODEL}
    base_url: ${simUrl}/v1
    access_key: sim
  - model: openai/gpt-4o-mini
    base_url: ${simUrl}/v1
    access_key: sim
routing_preferences:
  - name: code_generation
    description: generating new code, writing functions, SQL schemas, migrations and CREATE TABLE statements
    models: [${CODE_MODEL}]
  - name: complex_reasoning
    description: analysing and comparing options, assessing trade-offs and explaining decisions
    models: [${REASONING_MODEL}]
model_aliases:
  fast:
    target: openai/gpt-4o-mini
${extra}`;
}

export interface GatewayProcess {
  url: string;
  stop(): Promise<void>;
}

/** Spawns `bun gateway/src/cli.ts up <config> --port N` and waits until `/healthz` answers. */
export async function startGatewayProcess(configYaml: string): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tether-mcp-test-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, configYaml);
  const port = await freePort();
  const child = Bun.spawn([process.execPath, GATEWAY_CLI, 'up', configPath, '--port', String(port)], {
    stdout: 'ignore',
    // A file, not a pipe: an unread pipe would block a chatty gateway once its buffer fills.
    stderr: Bun.file(join(dir, 'stderr.log')),
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill();
    await child.exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) {
      const stderr = await Bun.file(join(dir, 'stderr.log')).text();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the gateway exited with ${child.exitCode}: ${stderr}`);
    }
    const up = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, stop };
    await Bun.sleep(50);
  }
  await stop();
  throw new Error('the gateway did not answer /healthz within 10 s');
}

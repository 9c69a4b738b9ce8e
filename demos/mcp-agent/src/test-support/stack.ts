import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

/** A package's bin, resolved through its package.json as a package manager links it. */
function packageBin(pkg: string, name: string): string {
  const manifest = fileURLToPath(import.meta.resolve(`${pkg}/package.json`));
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  const path = bin[name];
  if (path === undefined) throw new Error(`${pkg} has no bin named ${name}`);
  return join(dirname(manifest), path);
}

/** sim-models and a gateway on free loopback ports, started through their packages' bins as separate processes. */
export interface Stack {
  gatewayUrl: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const port = probe.port ?? 0;
  await probe.stop(true);
  return port;
}

async function waitFor(url: string, child: Bun.Subprocess, log: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null)
      throw new Error(`${url} exited with ${child.exitCode}: ${readFileSync(log, 'utf8')}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await Bun.sleep(50);
  }
  throw new Error(`${url} did not come up within 10 s`);
}

/** Starts sim-models and a gateway with the demo's config pointed at it (plus `extraYaml`). */
export async function startStack(extraYaml = ''): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-agent-demo-'));
  const [simPort, gatewayPort] = [await freePort(), await freePort()];
  const children: Bun.Subprocess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      child.kill();
      await child.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const simLog = join(dir, 'sim.log');
    const sim = Bun.spawn(
      [
        process.execPath,
        packageBin('@tether/sim-models', 'sim-models'),
        '--port',
        String(simPort),
        '--host',
        '127.0.0.1',
      ],
      { stdout: 'ignore', stderr: Bun.file(simLog) },
    );
    children.push(sim);
    await waitFor(`http://127.0.0.1:${simPort}/v1/models`, sim, simLog);
    const config = readFileSync(repo('demos/mcp-agent/config.yaml'), 'utf8').replaceAll(
      'http://127.0.0.1:12100',
      `http://127.0.0.1:${simPort}`,
    );
    writeFileSync(join(dir, 'config.yaml'), config + extraYaml);
    const gatewayLog = join(dir, 'gateway.log');
    const gateway = Bun.spawn(
      [
        process.execPath,
        packageBin('@tether/gateway', 'tether'),
        'up',
        join(dir, 'config.yaml'),
        '--port',
        String(gatewayPort),
      ],
      { stdout: 'ignore', stderr: Bun.file(gatewayLog) },
    );
    children.push(gateway);
    await waitFor(`http://127.0.0.1:${gatewayPort}/healthz`, gateway, gatewayLog);
    return { gatewayUrl: `http://127.0.0.1:${gatewayPort}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

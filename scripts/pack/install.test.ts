import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type SimModelsHandle, startSimModels } from '@tether/sim-models';
import {
  PUBLIC_PACKAGES,
  type PublicPackage,
  pack,
  pathWithoutBun,
  REASONING_MODEL,
  REPO_ROOT,
  run,
  type ServerProcess,
  scratchDir,
  smokeConfig,
  startListening,
  tarballFiles,
  tarballManifest,
} from './support.ts';

// Every public package packed as `npm publish` would ship it, then installed into scratch projects
// outside the repository: Node (no Bun on PATH) for the store and the MCP server, Bun for the gateway.
const scratch = scratchDir('pack');
const tarballs = {} as Record<PublicPackage, string>;
const nodeProject = join(scratch.path, 'node-project');
const bunProject = join(scratch.path, 'bun-project');
let noBunPath: string;
let sim: SimModelsHandle;

const TEST_FILES = /\.test\.|\.contract\.|__fixtures__|test-support|(^|\/)test\/|(^|\/)bench\//;
const TOKEN = 'pack-admin-token';

function project(dir: string, manifest: Record<string, unknown>): void {
  Bun.spawnSync(['mkdir', '-p', dir]);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module', ...manifest }));
}

/** Runs under Node with a PATH that has no Bun. */
const node = (args: string[], cwd = nodeProject) =>
  run(args, { cwd, env: { PATH: noBunPath, HOME: process.env.HOME ?? scratch.path } });

beforeAll(async () => {
  noBunPath = pathWithoutBun(scratch.path);
  // In parallel: each pack runs its package's tsc build first (prepack).
  const packed = await Promise.all(PUBLIC_PACKAGES.map((pkg) => pack(pkg, scratch.path)));
  PUBLIC_PACKAGES.forEach((pkg, i) => {
    tarballs[pkg] = packed[i] as string;
  });
  sim = await startSimModels({ port: 0, quiet: true });
}, 120_000);
afterAll(async () => {
  await sim?.stop();
  scratch.dispose();
});

describe('packed tarballs', () => {
  test('hold no tests, fixtures, test support or bench files', async () => {
    for (const pkg of PUBLIC_PACKAGES) {
      const files = await tarballFiles(tarballs[pkg]);
      expect(files.length).toBeGreaterThan(3);
      expect({ pkg, shipped: files.filter((f) => TEST_FILES.test(f)) }).toEqual({ pkg, shipped: [] });
    }
  });

  test('the libraries ship ESM JavaScript and .d.ts for every export', async () => {
    for (const pkg of ['affinity-store', 'mcp-server', 'sim-models'] as const) {
      const files = new Set(await tarballFiles(tarballs[pkg]));
      const manifest = (await tarballManifest(tarballs[pkg])) as {
        exports: Record<string, { types: string; import: string } | string>;
        engines: Record<string, string>;
      };
      expect(Object.keys(manifest.engines)).toContain('node');
      for (const [entry, target] of Object.entries(manifest.exports)) {
        if (typeof target === 'string') continue;
        expect({ entry, types: files.has(`package/${target.types.slice(2)}`) }).toEqual({
          entry,
          types: true,
        });
        expect({ entry, js: files.has(`package/${target.import.slice(2)}`) }).toEqual({ entry, js: true });
      }
    }
  });

  test('the gateway has no workspace: ranges, no sim-models dependency, and declares its runtimes', async () => {
    const manifest = (await tarballManifest(tarballs.gateway)) as {
      dependencies: Record<string, string>;
      engines: Record<string, string>;
    };
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    expect(Object.keys(manifest.dependencies)).not.toContain('@tether/sim-models');
    expect(Object.keys(manifest.engines).sort()).toEqual(['bun', 'deno']);
  });
});

describe('Node project: @tether/affinity-store, @tether/mcp-server and @tether/sim-models from their tarballs', () => {
  beforeAll(async () => {
    project(nodeProject, { name: 'node-project' });
    const install = await node([
      'npm',
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      tarballs['affinity-store'],
      tarballs['mcp-server'],
      tarballs['sim-models'],
    ]);
    expect(install.stderr).not.toContain('ERR!');
    expect(install.code).toBe(0);
  }, 120_000);

  test('plain node imports the store and claims a pin with the memory driver', async () => {
    writeFileSync(
      join(nodeProject, 'claim.mjs'),
      `import { createMemoryStore } from '@tether/affinity-store';
import { createMemoryStore as fromEntry } from '@tether/affinity-store/memory';
const store = createMemoryStore({ maxEntries: 10 });
const pin = { model: 'openai/gpt-4o', route: null, source: 'explicit', pinnedAt: Date.now() };
const first = await store.claim({ id: 'node-session' }, pin, { ttlSeconds: 60 });
const again = await store.claim({ id: 'node-session' }, { ...pin, model: 'other' }, { ttlSeconds: 60 });
console.log(JSON.stringify({ first: first.created, again: again.created, model: again.decision.model, same: fromEntry === createMemoryStore }));
await store.close();
`,
    );
    const result = await node(['node', 'claim.mjs']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      first: true,
      again: false,
      model: 'openai/gpt-4o',
      same: true,
    });
  });

  test("the README's example type-checks against the shipped .d.ts (tsc) and runs under node", async () => {
    const readme = await Bun.file(join(REPO_ROOT, 'README.md')).text();
    const section = readme.slice(readme.indexOf('## Use it from your code'));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toContain("from '@tether/affinity-store'");
    const dir = join(nodeProject, 'readme-example');
    Bun.spawnSync(['mkdir', '-p', dir]);
    writeFileSync(join(dir, 'example.ts'), example ?? '');
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          lib: ['es2022', 'dom'],
          types: [],
          outDir: 'out',
        },
        files: ['example.ts'],
      }),
    );
    const tsc = await node(['node', join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    const result = await node(['node', join(dir, 'out/example.js')]);
    expect(result.stdout.trim()).toBe('true false openai/gpt-4o');
  }, 60_000);

  test('importing the Redis entry without ioredis names the missing package', async () => {
    const result = await node([
      'node',
      '--input-type=module',
      '-e',
      "try { await import('@tether/affinity-store/redis') } catch (e) { console.log(e.code, e.message) }",
    ]);
    expect(result.stdout).toContain('missing_peer_dependency');
    expect(result.stdout).toContain('"ioredis"');
    expect(result.stdout).toContain('npm install ioredis');
  });

  test('plain node imports the MCP server library', async () => {
    const result = await node([
      'node',
      '--input-type=module',
      '-e',
      "const m = await import('@tether/mcp-server'); console.log(typeof m.createTetherMcpServer, m.TOOL_NAMES.length)",
    ]);
    expect(result.stdout.trim()).toBe('function 5');
  });

  test('plain node serves sim-models (node:http) to fetch: an answer, a stream, an injected fault', async () => {
    writeFileSync(
      join(nodeProject, 'sim.mjs'),
      `import { startSimModels } from '@tether/sim-models';
const sim = await startSimModels({ port: 0, quiet: true });
const post = (body, headers = {}) => fetch(sim.url + '/v1/chat/completions', {
  method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const messages = [{ role: 'user', content: 'hello' }];
const answer = await (await post({ model: 'openai/gpt-4o', messages })).json();
const stream = await (await post({ model: 'openai/gpt-4o', messages, stream: true })).text();
const fault = await post({ model: 'openai/gpt-4o', messages }, { 'x-sim-fail': '429' });
console.log(JSON.stringify({ answered: answer.choices[0].message.content.length > 0, done: stream.trimEnd().endsWith('data: [DONE]'), fault: fault.status }));
await sim.stop();
`,
    );
    const result = await node(['node', 'sim.mjs']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ answered: true, done: true, fault: 429 });
  });

  test('npx sim-models --help runs under Node with no Bun on PATH', async () => {
    const result = await node(['npx', 'sim-models', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).toContain('--chunk-delay-ms');
  });

  test('npx tether-mcp --help runs under Node with no Bun on PATH', async () => {
    expect(Bun.which('bun', { PATH: noBunPath })).toBeNull();
    const result = await node(['npx', 'tether-mcp', '--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Usage: tether-mcp --gateway <url>');
  });

  test('npx tether-mcp with a bad gateway URL exits 2 with the usage, under Node', async () => {
    const result = await node(['npx', 'tether-mcp', '--gateway', 'not-a-url']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--gateway must be an http(s) URL');
    expect(result.stderr).toContain('Usage: tether-mcp --gateway <url>');
  });
});

describe("docs/mcp.md's npm commands, with the tarball in place of the registry name", () => {
  test('npx -y -p <package> tether-mcp --help from an empty directory, under Node with no Bun', async () => {
    const empty = join(scratch.path, 'empty-npx');
    Bun.spawnSync(['mkdir', '-p', empty]);
    const result = await node(['npx', '-y', '-p', tarballs['mcp-server'], 'tether-mcp', '--help'], empty);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Usage: tether-mcp --gateway <url>');
  }, 120_000);

  test('bunx -p <package> tether-mcp --help from an empty directory', async () => {
    const empty = join(scratch.path, 'empty-bunx');
    Bun.spawnSync(['mkdir', '-p', empty]);
    const result = await run(['bunx', '-p', tarballs['mcp-server'], 'tether-mcp', '--help'], { cwd: empty });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Usage: tether-mcp --gateway <url>');
  }, 120_000);
});

describe('Bun project: @tether/gateway from its tarball, with `bun add`', () => {
  let gateway: ServerProcess;
  beforeAll(async () => {
    // The gateway's @tether dependencies are not on the registry yet: point them at their tarballs.
    project(bunProject, {
      name: 'bun-project',
      overrides: {
        '@tether/affinity-store': `file:${tarballs['affinity-store']}`,
        '@tether/mcp-server': `file:${tarballs['mcp-server']}`,
      },
    });
    const add = await run(['bun', 'add', tarballs.gateway], { cwd: bunProject });
    expect(add.code).toBe(0);
    const config = join(bunProject, 'tether.yaml');
    writeFileSync(config, smokeConfig(sim.url, `admin_token: ${TOKEN}\n`));
    gateway = await startListening(
      [join(bunProject, 'node_modules/.bin/tether'), 'up', config, '--port', '0'],
      {
        cwd: bunProject,
      },
    );
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
  });

  test('its tether bin validates a config and serves', async () => {
    const validate = await run(
      [join(bunProject, 'node_modules/.bin/tether'), 'validate', join(bunProject, 'tether.yaml')],
      { cwd: bunProject },
    );
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('tether.yaml: ok');
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  test('installing it puts no test tooling on the PATH (no sim-models)', () => {
    expect(existsSync(join(bunProject, 'node_modules/@tether/sim-models'))).toBe(false);
    expect(existsSync(join(bunProject, 'node_modules/.bin/sim-models'))).toBe(false);
    expect(existsSync(join(bunProject, 'node_modules/@tether/affinity-store/dist/index.js'))).toBe(true);
  });

  test('an MCP stdio client drives `npx tether-mcp` (Node, no Bun) against it', async () => {
    const client = new Client({ name: 'pack-test', version: '0' });
    await client.connect(
      new StdioClientTransport({
        command: 'npx',
        args: ['tether-mcp', '--gateway', gateway.url, '--token', TOKEN],
        cwd: nodeProject,
        env: { PATH: noBunPath, HOME: process.env.HOME ?? scratch.path },
        stderr: 'ignore',
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'get_pin',
        'list_models',
        'pin_model',
        'preview_route',
        'release_pin',
      ]);
      const pinned = await client.callTool({
        name: 'pin_model',
        arguments: { model: REASONING_MODEL, affinity_id: 'pack-mcp' },
      });
      expect(pinned.isError).toBeFalsy();
      const read = await client.callTool({ name: 'get_pin', arguments: { affinity_id: 'pack-mcp' } });
      expect(JSON.stringify(read.content)).toContain(REASONING_MODEL);
    } finally {
      await client.close();
    }
  }, 60_000);
});

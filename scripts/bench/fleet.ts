/** Starts every server the bench measures, each in its own process on the server CPU. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type RedisServerHandle, startRedisServer } from '@tether/testing';
import { type Placement, type ServerProcess, startServer, waitForHttp } from './processes.ts';
import { type TetherBenchConfig, tetherConfig } from './tether-config.ts';

const ROOT = join(import.meta.dir, '..', '..');
const LOCAL = '127.0.0.1';

/** A started HTTP server: its origin and process. */
export interface Endpoint {
  origin: string;
  process: ServerProcess;
}

/** Owns every child and temp file so one `stop()` cleans up, even after a failure. */
export class Fleet {
  private readonly servers: ServerProcess[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'tether-bench-'));
  redis: RedisServerHandle | undefined;

  constructor(readonly placement: Placement) {}

  private async http(name: string, cmd: (port: number) => string[], readyPath = '/'): Promise<Endpoint> {
    const port = await freePort();
    const proc = startServer(
      name,
      cmd(port),
      this.placement,
      join(this.dir, `${name.replaceAll(' ', '-')}.log`),
    );
    this.servers.push(proc);
    const origin = `http://${LOCAL}:${port}`;
    await waitForHttp(origin + readyPath, proc);
    return { origin, process: proc };
  }

  /** sim-models (tiny fixed responses for model `sim-tiny`). */
  sim(): Promise<Endpoint> {
    return this.http('sim-models', (port) => ['bun', join(import.meta.dir, 'sim-server.ts'), String(port)]);
  }

  /** The bare Bun pass-through proxy in front of `upstream`. */
  bareProxy(upstream: string): Promise<Endpoint> {
    return this.http('bare proxy', (port) => [
      'bun',
      join(import.meta.dir, 'bare-proxy.ts'),
      String(port),
      upstream,
    ]);
  }

  /** Tether via its CLI with a generated config. */
  tether(name: string, config: TetherBenchConfig): Promise<Endpoint> {
    const file = join(this.dir, `${name}.yaml`);
    writeFileSync(file, tetherConfig(config));
    const cli = join(ROOT, 'packages', 'gateway', 'src', 'cli.ts');
    return this.http(name, (port) => ['bun', cli, 'up', file, '--port', String(port)], '/healthz');
  }

  /** Portkey's gateway under Node, with the fetch preload its streaming path needs. */
  portkey(): Promise<Endpoint> {
    const server = join(ROOT, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');
    const preload = join(import.meta.dir, 'portkey-fetch-preload.mjs');
    return this.http('portkey', (port) => [
      'node',
      '--import',
      preload,
      server,
      `--port=${port}`,
      '--headless',
    ]);
  }

  /** A throw-away redis-server (never 6379), moved onto the server CPU. */
  async startRedis(): Promise<RedisServerHandle> {
    const redis = await startRedisServer();
    this.redis = redis;
    const pid = /process_id:(\d+)/.exec(await redis.cli('INFO', 'server'))?.[1];
    if (this.placement.pinned && pid) {
      Bun.spawnSync(['taskset', '-a', '-p', '-c', this.placement.serverCpu, pid], { stdout: 'ignore' });
    }
    return redis;
  }

  /** Stops one server started by this fleet. */
  async stopOne(endpoint: Endpoint): Promise<void> {
    await endpoint.process.stop();
    this.servers.splice(this.servers.indexOf(endpoint.process), 1);
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
    this.servers.length = 0;
    await this.redis?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

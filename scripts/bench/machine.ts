/** The machine and software the numbers were measured on. */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  kernel: string;
  bun: string;
  node: string;
  redis: string;
  packages: Record<string, string>;
  /** 1-minute load average when the run started: other work on the machine adds noise. */
  loadAverage: number;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

function run(cmd: string[]): string {
  try {
    const out = Bun.spawnSync(cmd, { stdout: 'pipe', stderr: 'ignore' });
    return out.stdout.toString().trim() || 'unknown';
  } catch {
    return 'not installed';
  }
}

function packageVersion(root: string, dir: string): string {
  const raw = readOr(join(root, dir, 'package.json'), '{}');
  return (JSON.parse(raw) as { version?: string }).version ?? 'missing';
}

/** Collects CPU, memory, OS and versions; `root` is the repository root. */
export function machineInfo(root: string): MachineInfo {
  const cpuinfo = readOr('/proc/cpuinfo', '');
  const osRelease = readOr('/etc/os-release', '');
  return {
    cpus: availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(osRelease)?.[1] ?? process.platform,
    kernel: run(['uname', '-r']),
    bun: Bun.version,
    node: run(['node', '--version']),
    redis: run(['redis-server', '--version']).replace(/^Redis server v=(\S+).*$/, '$1'),
    loadAverage: loadavg()[0] ?? 0,
    packages: {
      '@tether/gateway': packageVersion(root, 'packages/gateway'),
      '@tether/affinity-store': packageVersion(root, 'packages/affinity-store'),
      '@tether/sim-models': packageVersion(root, 'packages/sim-models'),
      '@portkey-ai/gateway': packageVersion(root, 'node_modules/@portkey-ai/gateway'),
      autocannon: packageVersion(root, 'node_modules/autocannon'),
    },
  };
}

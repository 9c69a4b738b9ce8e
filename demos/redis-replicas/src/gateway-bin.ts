import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The `tether` bin of the installed `@tether/gateway`, resolved through its package.json the way a
 * package manager links it (in the monorepo: the workspace package, run from source by Bun).
 */
export function tetherBin(): string {
  const manifest = fileURLToPath(import.meta.resolve('@tether/gateway/package.json'));
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { tether: string } };
  return join(dirname(manifest), bin.tether);
}

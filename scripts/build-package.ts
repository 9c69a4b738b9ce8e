// `prepack` of every published package: ESM JavaScript plus `.d.ts` in `dist/`, one file per source
// file, compiled by the same tsc that type-checks the repo (no bundler: nothing to inline, and the
// output maps 1:1 to the sources). Run from the package folder: `bun ../../scripts/build-package.ts`.
// `--clean` (`postpack`) only removes dist/, so a checkout never runs a stale build: in the monorepo
// everything runs from sources.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = join(process.cwd(), 'dist');
rmSync(dist, { recursive: true, force: true });
if (process.argv.includes('--clean')) process.exit(0);
const tsc = Bun.spawnSync(['bun', 'x', 'tsc', '-p', 'tsconfig.build.json'], {
  stdout: 'inherit',
  stderr: 'inherit',
});
if (tsc.exitCode !== 0) process.exit(tsc.exitCode ?? 1);

// `rewriteRelativeImportExtensions` rewrites `./x.ts` to `./x.js` in JavaScript but not in
// declarations; consumers without `allowImportingTsExtensions` need the `.js` form there too.
const relativeTs = /(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = join(entry.parentPath, entry.name);
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(relativeTs, '$1$2$3.js$2');
  if (fixed !== text) writeFileSync(file, fixed);
}

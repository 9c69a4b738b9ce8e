#!/usr/bin/env node
// The `tether-mcp` bin, plain JavaScript so `npx tether-mcp` runs under Node with no Bun installed.
// Bun runs the TypeScript sources (shipped for the package's `bun` export condition, and all a
// checkout has); Node and Deno run the built `dist/cli.js` (made by `prepack`). A checkout run
// under Node (no build there) hands over to Bun, which the monorepo needs anyway.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli.js', import.meta.url);
const source = new URL('../src/cli.ts', import.meta.url);

if (typeof globalThis.Bun !== 'undefined' && existsSync(fileURLToPath(source))) {
  await import(source.href);
} else if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const child = spawn('bun', [fileURLToPath(source), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', () => {
    console.error(
      'tether-mcp: this checkout has no dist/ build and `bun` is not on PATH; run `bun run build` in packages/mcp-server',
    );
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

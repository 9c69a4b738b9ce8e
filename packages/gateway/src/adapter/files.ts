import { readFile } from 'node:fs/promises';

// `node:fs/promises` reads files the same way on Bun, Deno and Node, so `Bun.file` stays out of the
// gateway. YAML (the `yaml` package) and hashing (`node:crypto`) are portable already and need no
// adapter of their own.

/** A UTF-8 text file, or `undefined` when it does not exist (any other failure throws). */
export async function readTextFile(path: string | URL): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A UTF-8 text file shipped with the gateway (e.g. the dashboard page); throws when missing. */
export function readAsset(url: URL): Promise<string> {
  return readFile(url, 'utf8');
}

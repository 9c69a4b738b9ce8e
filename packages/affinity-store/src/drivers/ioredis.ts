import { createRequire } from 'node:module';
import type * as IORedis from 'ioredis';
import { MissingPeerDependencyError } from '../errors.ts';

// ioredis is an optional peer: only users of the Redis entry install it. `createRequire` works the
// same on Node, Bun and Deno, resolves from this package's location (where a peer is installed) and
// loads the CommonJS module synchronously, so `createRedisStore` stays synchronous.
const require = createRequire(import.meta.url);
const ENTRY = '@tether/affinity-store/redis';

/** Throws `MissingPeerDependencyError` naming ioredis when it cannot be resolved. Loads nothing. */
export function assertIoredisInstalled(): void {
  try {
    require.resolve('ioredis');
  } catch (cause) {
    throw new MissingPeerDependencyError('ioredis', ENTRY, { cause });
  }
}

let loaded: typeof IORedis | undefined;

/** The ioredis module, loaded on the first Redis store (a process that never creates one never loads it). */
export function ioredis(): typeof IORedis {
  if (loaded) return loaded;
  try {
    loaded = require('ioredis') as typeof IORedis;
  } catch (cause) {
    throw new MissingPeerDependencyError('ioredis', ENTRY, { cause });
  }
  return loaded;
}

const MARKER = Symbol.for('tether.affinity-store.error');

export type AffinityStoreErrorCode =
  | 'invalid_affinity_key'
  | 'affinity_store_unavailable'
  | 'invalid_affinity_options'
  | 'missing_peer_dependency';

/**
 * Base class of the store's typed errors. `isInstance` works across two installed copies of this
 * package (a `Symbol.for` marker instead of `instanceof`).
 */
export class AffinityStoreError extends Error {
  readonly [MARKER] = true;
  constructor(
    readonly code: AffinityStoreErrorCode,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AffinityStoreError';
  }

  static isInstance(value: unknown): value is AffinityStoreError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** The affinity id or tenant is empty, longer than 256 bytes, or has control characters. HTTP 400. */
export class InvalidAffinityKeyError extends AffinityStoreError {
  constructor(message: string) {
    super('invalid_affinity_key', 400, message);
    this.name = 'InvalidAffinityKeyError';
  }
  static override isInstance(value: unknown): value is InvalidAffinityKeyError {
    return AffinityStoreError.isInstance(value) && value.code === 'invalid_affinity_key';
  }
}

/** The backend did not answer in time or refused the call. Callers should fail open. HTTP 503. */
export class AffinityStoreUnavailableError extends AffinityStoreError {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super('affinity_store_unavailable', 503, message, options);
    this.name = 'AffinityStoreUnavailableError';
  }
  static override isInstance(value: unknown): value is AffinityStoreUnavailableError {
    return AffinityStoreError.isInstance(value) && value.code === 'affinity_store_unavailable';
  }
}

/** A store was created or called with invalid options (e.g. `maxEntries: 0`, `ttlSeconds: -1`). HTTP 500: a configuration fault. */
export class InvalidAffinityOptionsError extends AffinityStoreError {
  constructor(message: string) {
    super('invalid_affinity_options', 500, message);
    this.name = 'InvalidAffinityOptionsError';
  }
  static override isInstance(value: unknown): value is InvalidAffinityOptionsError {
    return AffinityStoreError.isInstance(value) && value.code === 'invalid_affinity_options';
  }
}

/**
 * An entry point was imported without the optional peer dependency it needs (`ioredis` for
 * `@tether/affinity-store/redis`). HTTP 500: an installation fault. The message names the package.
 */
export class MissingPeerDependencyError extends AffinityStoreError {
  constructor(
    readonly peer: string,
    entry: string,
    options?: { cause?: unknown },
  ) {
    super(
      'missing_peer_dependency',
      500,
      `${entry} needs the package "${peer}", which is not installed. Install it next to @tether/affinity-store (npm install ${peer}, bun add ${peer} or deno add npm:${peer}); memory-only users import "@tether/affinity-store" or "@tether/affinity-store/memory" instead.`,
      options,
    );
    this.name = 'MissingPeerDependencyError';
  }
  static override isInstance(value: unknown): value is MissingPeerDependencyError {
    return AffinityStoreError.isInstance(value) && value.code === 'missing_peer_dependency';
  }
}

export { decodeDecision, encodeDecision, type StoredDecision } from './codec.ts';
export { createMemoryStore, type MemoryAffinityStore, type MemoryStoreOptions } from './drivers/memory.ts';
export {
  AffinityStoreError,
  type AffinityStoreErrorCode,
  AffinityStoreUnavailableError,
  InvalidAffinityKeyError,
  InvalidAffinityOptionsError,
  MissingPeerDependencyError,
} from './errors.ts';
export {
  DEFAULT_KEY_PREFIX,
  formatKey,
  MAX_AFFINITY_KEY_BYTES,
  normalizeTtl,
  validateAffinityId,
  validateTenant,
} from './keys.ts';
export type {
  AffinityDecision,
  AffinityKey,
  AffinityLookup,
  AffinitySource,
  AffinityStore,
  AffinityStoreStats,
  ClaimResult,
  ListedPin,
  ListPinsOptions,
  ListPinsResult,
  NearCacheStats,
  Pin,
  ReadOptions,
  ReleaseReason,
  WriteOptions,
} from './types.ts';

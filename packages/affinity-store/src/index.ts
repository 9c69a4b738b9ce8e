export { decodeDecision, encodeDecision, type StoredDecision } from './codec.ts';
export { createMemoryStore, type MemoryAffinityStore, type MemoryStoreOptions } from './drivers/memory.ts';
export {
  AffinityStoreError,
  type AffinityStoreErrorCode,
  AffinityStoreUnavailableError,
  InvalidAffinityKeyError,
  InvalidAffinityOptionsError,
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
  AffinitySource,
  AffinityStore,
  AffinityStoreStats,
  ClaimResult,
  ListedPin,
  ListPinsOptions,
  ListPinsResult,
  ReadOptions,
  ReleaseReason,
  WriteOptions,
} from './types.ts';

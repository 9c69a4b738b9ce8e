import type { ResponseInputItem } from '../protocol/responses.ts';

/** One stored response: what `GET /v1/responses/{id}` returns and what a chain continues from. */
export interface StoredResponse {
  /** The Response object as the client received it. */
  response: { id: string; [key: string]: unknown };
  /** The configured model that served it (`openai/gpt-4o`): later turns of the chain are pinned to it. */
  model: string;
  /** Id of the chain's first response: the affinity id of every turn of the chain. */
  chainId: string;
  /**
   * The conversation up to and including this response's output, oldest first (`instructions`
   * excluded: they apply per request). Absent for native upstreams that keep the state themselves.
   */
  items?: ResponseInputItem[];
  /** True when a native Responses upstream holds the chain (`previous_response_id` passes through). */
  native?: boolean;
}

/**
 * Where stored responses live: memory (one replica) or Redis (shared by every replica). Kept apart
 * from the pin store's `AffinityStore`: records are whole conversations, not small pins. Every
 * method rejects with `ResponseStoreUnavailableError` when the backend fails or is too slow.
 */
export interface ResponseStore {
  readonly backend: 'memory' | 'redis';
  /** The record, or `null` when unknown, expired or deleted. */
  get(id: string, tenant?: string): Promise<StoredResponse | null>;
  /** Stores a record for `response_ttl_seconds`. */
  set(id: string, record: StoredResponse, tenant?: string): Promise<void>;
  /**
   * Records which response each output item id belongs to, for ids the gateway did not mint (a
   * native upstream's `msg_…`/`fc_…`), with the same TTL as the response.
   */
  setItemOwner(itemIds: readonly string[], responseId: string, tenant?: string): Promise<void>;
  /** The response an item id was recorded for, or `null`. */
  itemOwner(itemId: string, tenant?: string): Promise<string | null>;
  /** True when a record was deleted. */
  delete(id: string, tenant?: string): Promise<boolean>;
  close(): Promise<void>;
}

const MARKER = Symbol.for('tether.gateway.response-store-unavailable');

/** The response store's backend failed or did not answer in time. */
export class ResponseStoreUnavailableError extends Error {
  readonly [MARKER] = true;
  readonly code = 'response_store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResponseStoreUnavailableError';
  }
  static isInstance(value: unknown): value is ResponseStoreUnavailableError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** The key of a record: tenants never see each other's responses. */
export function recordKey(id: string, tenant: string | undefined): string {
  return tenant === undefined ? id : `${tenant}:${id}`;
}

/** The key of an item-owner pointer (`item:` cannot start a response id). */
export function itemKey(itemId: string, tenant: string | undefined): string {
  return recordKey(`item:${itemId}`, tenant);
}

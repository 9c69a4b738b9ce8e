import { LruTtlMap } from './lru-ttl.ts';
import type { ResponsesItem } from './routes/responses-schema.ts';

/** A stored response: the body `GET /v1/responses/{id}` returns and the input context that led to it. */
export interface StoredResponse {
  response: Record<string, unknown>;
  /** Every input item of the chain up to this response (earlier inputs and outputs, then this request's input). */
  context: ResponsesItem[];
}

/**
 * Responses created with `store` not false, for `previous_response_id` chains and
 * `GET`/`DELETE /v1/responses/{id}`: at most `maxEntries` (least recently used go first), each for
 * `ttlMs`. A chain whose previous response was evicted or expired gets a 400, as upstream does.
 */
export class ResponseStore {
  private readonly map: LruTtlMap<StoredResponse>;
  constructor(maxEntries: number, ttlMs: number, now?: () => number) {
    this.map = new LruTtlMap(maxEntries, ttlMs, now);
  }
  get(id: string): StoredResponse | undefined {
    return this.map.get(id);
  }
  set(id: string, stored: StoredResponse): void {
    this.map.set(id, stored);
  }
  delete(id: string): boolean {
    return this.map.delete(id);
  }
}

import { GatewayError } from '../errors.ts';
import type { ResponseInputItem, ResponsesRequest } from '../protocol/responses.ts';
import { type ItemSource, inputSources } from '../wire/responses-to-chat-request.ts';
import { newResponseId, responseIdOfItem } from './ids.ts';
import { type ResponseStore, ResponseStoreUnavailableError, type StoredResponse } from './types.ts';

/** A `/v1/responses` request's place in its chain, loaded before the decision. */
export interface ChainContext {
  /** This response's id (minted before deciding: a chain's first response keys the chain's pin). */
  id: string;
  /** Id of the chain's first response. */
  chainId: string;
  tenant: string | undefined;
  /** The record `previous_response_id` names (its items are the conversation so far). */
  previous: StoredResponse | undefined;
  /** The request's input items, `item_reference`s to gateway-minted items replaced by the items. */
  input: ItemSource[];
}

/** The pin key of a chain: every turn of it reads the same pin. */
export function chainAffinityId(chainId: string): string {
  return `response-chain:${chainId}`;
}

function storeDown(error: unknown, what: string): GatewayError {
  return new GatewayError(
    'response_store_unavailable',
    503,
    `${what}: the response store is unavailable, so the conversation state cannot be read; retry later`,
    { cause: error, retryable: true },
  );
}

async function guarded<T>(work: () => Promise<T>, what: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (ResponseStoreUnavailableError.isInstance(error)) throw storeDown(error, what);
    throw error;
  }
}

function read(store: ResponseStore, id: string, tenant: string | undefined, what: string) {
  return guarded(() => store.get(id, tenant), what);
}

/** The response an item id belongs to: parsed from a gateway-minted id, else the owner index. */
async function ownerOf(
  store: ResponseStore,
  itemId: string,
  tenant: string | undefined,
): Promise<string | null> {
  return responseIdOfItem(itemId) ?? (await store.itemOwner(itemId, tenant));
}

/**
 * Loads the chain a request continues. An unknown or expired `previous_response_id` is a 400 naming
 * it (`param: previous_response_id`); a store that cannot answer is a 503, never a reply that
 * silently lost its context. Item references to items the gateway minted are resolved from their
 * stored response; other references are left for a native upstream.
 */
export async function loadChain(
  store: ResponseStore,
  body: ResponsesRequest,
  tenant: string | undefined,
): Promise<ChainContext> {
  const id = newResponseId();
  let previous: StoredResponse | undefined;
  const previousId = body.previous_response_id ?? undefined;
  if (previousId !== undefined) {
    const found = await read(store, previousId, tenant, 'previous_response_id');
    if (found === null)
      throw new GatewayError(
        'previous_response_not_found',
        400,
        `Previous response with id '${previousId}' not found (unknown, expired or deleted).`,
        { param: 'previous_response_id' },
      );
    previous = found;
  }
  const records = new Map<string, StoredResponse | null>();
  if (previous) records.set(previous.response.id, previous);
  const input = await resolveReferences(store, inputSources(body.input), tenant, records);
  const anchor = previous ?? (await replayedFrom(store, input, tenant, records));
  return { id, chainId: anchor?.chainId ?? id, tenant, previous, input };
}

/**
 * The stored response a client's replayed history comes from. Agents that resend the whole
 * conversation (the Agents SDK, the AI SDK) echo the output items' ids, and a gateway-minted id
 * names its response: so such a request joins that response's chain (and pin) with no
 * `previous_response_id`. Only for affinity: the history itself is what the client sent. An expired
 * record or a store failure just starts a new chain (fail open).
 */
async function replayedFrom(
  store: ResponseStore,
  input: readonly ItemSource[],
  tenant: string | undefined,
  records: Map<string, StoredResponse | null>,
): Promise<StoredResponse | undefined> {
  // Only the newest item with an id is looked up: one store read, however long the history.
  for (let i = input.length - 1; i >= 0; i--) {
    const id = (input[i]?.item as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || id === '') continue;
    try {
      const owner = await ownerOf(store, id, tenant);
      if (owner === null) return undefined;
      if (!records.has(owner)) records.set(owner, await store.get(owner, tenant));
      return records.get(owner) ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function resolveReferences(
  store: ResponseStore,
  sources: ItemSource[],
  tenant: string | undefined,
  records: Map<string, StoredResponse | null>,
): Promise<ItemSource[]> {
  if (!sources.some((s) => s.item.type === 'item_reference')) return sources;
  const out: ItemSource[] = [];
  for (const source of sources) {
    const ref = source.item.type === 'item_reference' ? String(source.item.id) : undefined;
    if (ref === undefined) {
      out.push(source);
      continue;
    }
    const owner = await guarded(() => ownerOf(store, ref, tenant), `${source.path}.id`);
    // Not an item the gateway has seen: left for a native upstream (a translated one rejects it).
    if (owner === null) {
      out.push(source);
      continue;
    }
    if (!records.has(owner)) records.set(owner, await read(store, owner, tenant, `${source.path}.id`));
    const item = records.get(owner)?.items?.find((i) => (i as { id?: unknown }).id === ref);
    if (!item)
      throw new GatewayError(
        'invalid_request',
        400,
        `${source.path}.id: item '${ref}' not found (unknown, expired or deleted)`,
        {
          param: `${source.path}.id`,
        },
      );
    out.push({ item, path: source.path });
  }
  return out;
}

/** The stored conversation before this request: the previous record's items. */
export function chainHistory(chain: ChainContext): ResponseInputItem[] {
  return chain.previous?.items ?? [];
}

/** The items a record stores: the history, this request's input (string input as a message), the output. */
export function recordItems(chain: ChainContext, output: readonly unknown[]): ResponseInputItem[] {
  const input = chain.input.map(({ item }) =>
    item.type === undefined ? ({ type: 'message', ...item } as ResponseInputItem) : item,
  );
  return [...chainHistory(chain), ...input, ...(output as ResponseInputItem[])];
}

/** Whether `body` keeps state: `store` defaults to true, as in the Responses API. */
export function keepsState(body: ResponsesRequest): boolean {
  return body.store !== false;
}

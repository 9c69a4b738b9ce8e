import { Elysia } from 'elysia';
import { GatewayError } from '../errors.ts';
import type { GatewayContext } from '../http/context.ts';
import { jsonResponse } from '../http/json-response.ts';
import { responsesRequestSchema } from '../protocol/responses.ts';
import { type DecisionSource, decideRequest } from '../proxy/decide-request.ts';
import { serveDecision } from '../proxy/serve.ts';
import { callResponses } from '../responses/call-responses.ts';
import { type ChainContext, chainAffinityId, keepsState, loadChain } from '../responses/chain.ts';
import { type ResponseStore, ResponseStoreUnavailableError } from '../responses/types.ts';
import { intentFromResponses } from '../routing/responses-intent.ts';

function tenantOf(tether: GatewayContext, request: Request): string | undefined {
  const header = tether.config.routing.sessionCache.tenantHeader;
  return header === undefined ? undefined : (request.headers.get(header) ?? undefined);
}

function notFound(id: string): GatewayError {
  return new GatewayError('not_found', 404, `No response found with id '${id}'.`, { param: 'response_id' });
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!ResponseStoreUnavailableError.isInstance(error)) throw error;
    throw new GatewayError(
      'response_store_unavailable',
      503,
      'the response store is unavailable; retry later',
      {
        cause: error,
        retryable: true,
      },
    );
  }
}

/**
 * The Responses API source for the common decision head. Before deciding it loads the chain
 * (`previous_response_id`): a request with no affinity header is pinned by its chain, so every turn
 * is served by the model that served the first one. `store: false` with no previous response starts
 * no chain and so reads and writes no pin.
 */
function responsesSource(
  tether: GatewayContext,
  store: ResponseStore,
): DecisionSource<typeof responsesRequestSchema, ChainContext> {
  const { routing } = tether.config;
  const ttlSeconds = Math.min(routing.responseTtlSeconds, routing.affinity.maxTtlSeconds);
  return {
    schema: responsesRequestSchema,
    intent: intentFromResponses,
    adoptPromptCacheKey: true,
    async prepare(body, request) {
      const chain = await loadChain(store, body, tenantOf(tether, request));
      const chained = chain.chainId !== chain.id || keepsState(body);
      return chained
        ? { affinityId: chainAffinityId(chain.chainId), ttlSeconds, extra: chain }
        : { extra: chain };
    },
  };
}

/**
 * `POST /v1/responses` (the OpenAI Responses API, streaming or not) through the same decision head
 * and serving pipeline as `/v1/chat/completions`: routing, pins, lifecycles, failover and the
 * `x-tether-*` headers. `GET` / `DELETE /v1/responses/{id}` read and remove stored responses
 * (tenant-scoped like pins). Errors are in OpenAI's shape.
 */
export function responsesRoutes(tether: GatewayContext, store: ResponseStore) {
  const source = responsesSource(tether, store);
  const deps = { store, logger: tether.logger, now: tether.now };
  return new Elysia({ name: 'tether/responses' })
    .decorate('tether', tether)
    .post(
      '/v1/responses',
      async ({ request }) => {
        const { body, affinity, decision, prepared } = await decideRequest(tether, request, source);
        const chain = prepared as ChainContext;
        return serveDecision(tether, request, decision, affinity.lifecycle, {
          format: 'responses',
          call: (provider, model, ctx) => callResponses(deps, body, chain, provider, model, ctx),
        });
      },
      { parse: 'none' },
    )
    .get('/v1/responses/:id', async ({ params, request }) => {
      const record = await guard(() => store.get(params.id, tenantOf(tether, request)));
      if (record === null) throw notFound(params.id);
      return jsonResponse(record.response, 200);
    })
    .delete('/v1/responses/:id', async ({ params, request }) => {
      const deleted = await guard(() => store.delete(params.id, tenantOf(tether, request)));
      if (!deleted) throw notFound(params.id);
      return jsonResponse({ id: params.id, object: 'response', deleted: true }, 200);
    });
}

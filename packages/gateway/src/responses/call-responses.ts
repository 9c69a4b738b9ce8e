import type { ResolvedModel } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { ResponseObject, ResponseOutputItem, ResponsesRequest } from '../protocol/responses.ts';
import type { Provider, ProviderCallContext } from '../providers/types.ts';
import type { Served } from '../proxy/serve.ts';
import { chatResponseToResponses, responseShell } from '../wire/chat-response-to-responses.ts';
import { chatStreamToResponses } from '../wire/chat-stream-to-responses.ts';
import { EventTap } from '../wire/event-tap.ts';
import { responsesToChatRequest } from '../wire/responses-to-chat-request.ts';
import { type ChainContext, chainHistory, keepsState, recordItems } from './chain.ts';
import type { ResponseStore } from './types.ts';

export interface CallResponsesDeps {
  store: ResponseStore;
  logger: Logger;
  /** Epoch milliseconds. */
  now: () => number;
}

/** True when a Response ends the agent's trajectory: completed, and no function call to run. */
export function responseEndsTrajectory(response: object): boolean {
  const { status, output: items } = response as { status?: unknown; output?: unknown };
  const output = Array.isArray(items) ? items : [];
  return (
    status === 'completed' &&
    !output.some((item) => (item as { type?: unknown } | null)?.type === 'function_call')
  );
}

/**
 * Stores a finished response so its chain can continue on any replica. A store failure is logged
 * and the answer still goes out (fail open); the next turn then gets a clear 400 or 503.
 */
async function save(
  deps: CallResponsesDeps,
  body: ResponsesRequest,
  chain: ChainContext,
  model: ResolvedModel,
  response: { id: string; output?: unknown },
  native: boolean,
): Promise<void> {
  if (!keepsState(body)) return;
  const output = Array.isArray(response.output) ? (response.output as ResponseOutputItem[]) : [];
  try {
    await deps.store.set(
      response.id,
      {
        response,
        model: model.name,
        chainId: chain.chainId,
        items: recordItems(chain, output),
        ...(native ? { native: true } : {}),
      },
      chain.tenant,
    );
    if (native) {
      // A native upstream's item ids say nothing about their response: index them, so a client
      // replaying them (or an `item_reference`) finds the chain.
      const ids = output.map((item) => (item as { id?: unknown }).id).filter((id) => typeof id === 'string');
      await deps.store.setItemOwner(ids as string[], response.id, chain.tenant);
    }
  } catch (error) {
    deps.logger.warn('response store unavailable; response not stored', { error: (error as Error).message });
  }
}

/**
 * The body a native upstream gets: the chain passes through as `previous_response_id` only when
 * this same model holds it natively; otherwise the stored conversation is sent as input items.
 */
function nativeBody(
  body: ResponsesRequest,
  chain: ChainContext,
  model: ResolvedModel,
): Record<string, unknown> {
  const input = chain.input.map((s) => s.item);
  const previous = chain.previous;
  const upstream: Record<string, unknown> = { ...body, model: model.upstreamModel };
  if (previous === undefined)
    return { ...upstream, input: typeof body.input === 'string' ? body.input : input };
  if (previous.native && previous.model === model.name)
    return { ...upstream, input: typeof body.input === 'string' ? body.input : input };
  delete upstream.previous_response_id;
  return { ...upstream, input: [...chainHistory(chain), ...input] };
}

/**
 * Calls one model for a `/v1/responses` request: natively (`responses_api: native`) or translated
 * to chat completions (Anthropic providers translate once more inside), answers and streams
 * translated back. The finished response is stored before the client sees its end.
 */
export async function callResponses(
  deps: CallResponsesDeps,
  body: ResponsesRequest,
  chain: ChainContext,
  provider: Provider,
  model: ResolvedModel,
  ctx: ProviderCallContext,
): Promise<Served> {
  const stream = body.stream === true;
  if (model.responsesApi === 'native' && provider.openai) {
    const upstream = nativeBody(body, chain, model);
    if (stream) {
      const stream = await provider.openai.stream(upstream, ctx, (response) =>
        save(deps, body, chain, model, response, true),
      );
      return { kind: 'stream', stream };
    }
    const response = await provider.openai.create(upstream, ctx);
    await save(deps, body, chain, model, response, true);
    return { kind: 'json', body: response, endsTrajectory: responseEndsTrajectory(response) };
  }

  const chat = responsesToChatRequest(body, chainHistory(chain), chain.input, model.upstreamModel);
  const shell = responseShell({
    id: chain.id,
    model: model.upstreamModel,
    createdAt: Math.floor(deps.now() / 1000),
    request: body,
  });
  if (stream) {
    // The relay parses each chunk once and hands its events over the tap; the watcher (`onEvent`)
    // wants the Responses events the client gets, not the upstream's chat chunks.
    const { onEvent, ...upstreamCtx } = ctx;
    const tap = new EventTap();
    const source = await provider.stream(chat, { ...upstreamCtx, onEvent: tap.push });
    return {
      kind: 'stream',
      stream: chatStreamToResponses(source, {
        shell,
        onComplete: (response: ResponseObject) => save(deps, body, chain, model, response, false),
        limits: { maxEventBytes: model.maxEventBytes, idleTimeoutMs: model.streamIdleTimeoutMs },
        onEvent,
        tap,
      }),
    };
  }
  const response = chatResponseToResponses(await provider.chat(chat, ctx), shell);
  await save(deps, body, chain, model, response, false);
  return { kind: 'json', body: response, endsTrajectory: responseEndsTrajectory(response) };
}

import type { RouteContext } from '../context.ts';
import { errorResponse } from '../errors.ts';
import { json } from '../http.ts';

/**
 * Model names `GET /v1/models` lists. Any other name is served too: the list is what a client
 * that enumerates models sees.
 */
export const LISTED_MODELS = [
  'gpt-4o',
  'gpt-4o-mini',
  'gpt-4.1',
  'o3-mini',
  'claude-sonnet-4-6',
  'claude-haiku-4-5',
  'arch-router-1.5b',
  'text-embedding-3-small',
  'sim-tiny',
] as const;

function openaiModel(id: string, created: number) {
  return { id, object: 'model', created, owned_by: 'sim-models' };
}

function anthropicModel(id: string, created: number) {
  return {
    type: 'model',
    id,
    display_name: `${id} (simulated)`,
    created_at: new Date(created * 1000).toISOString(),
  };
}

/**
 * `GET /v1/models` and `GET /v1/models/{id}`, in Anthropic's shape when the request carries
 * `anthropic-version` (as the Anthropic SDK always does), else OpenAI's.
 */
export function models(req: Request, path: string, ctx: RouteContext): Response {
  const anthropic = req.headers.has('anthropic-version');
  const id =
    path.length > '/v1/models/'.length ? decodeURIComponent(path.slice('/v1/models/'.length)) : undefined;
  if (id !== undefined) {
    if (id === '') return errorResponse(anthropic ? 'anthropic' : 'openai', 404, 'Model not found.');
    return json(anthropic ? anthropicModel(id, ctx.created) : openaiModel(id, ctx.created));
  }
  if (anthropic) {
    const data = LISTED_MODELS.map((m) => anthropicModel(m, ctx.created));
    return json({ data, has_more: false, first_id: data[0]!.id, last_id: data[data.length - 1]!.id });
  }
  return json({ object: 'list', data: LISTED_MODELS.map((m) => openaiModel(m, ctx.created)) });
}

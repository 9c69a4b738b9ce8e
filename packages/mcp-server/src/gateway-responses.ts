import { z } from 'zod';
import type { ModelsInfo, PinInfo, RouteDecision } from './types.ts';

// The gateway's JSON bodies, read leniently: only the fields we use, `.nullish()` so a newer gateway
// that adds or drops an optional field still works.

/** `GET /v1/models`: an OpenAI model list; aliases carry `target`, the default model `default: true`. */
export const modelsBodySchema = z.object({
  data: z.array(z.object({ id: z.string(), target: z.string().nullish(), default: z.boolean().nullish() })),
  /** Routing preferences, when the gateway publishes them. */
  routes: z
    .array(
      z.object({
        name: z.string(),
        description: z.string().nullish(),
        models: z.array(z.string()).nullish(),
      }),
    )
    .nullish(),
});

/** `POST /routing/v1/chat/completions`. */
export const decisionBodySchema = z.object({
  model: z.string(),
  route: z.string().nullish(),
  pinned: z.boolean().nullish(),
});

/** `GET /affinity/v1/{id}` and `PUT`. */
export const pinBodySchema = z.object({
  model: z.string(),
  route: z.string().nullish(),
  source: z.string().nullish(),
  ttl_seconds: z.number().nullish(),
});

/** `DELETE /affinity/v1/{id}`. */
export const deleteBodySchema = z.object({ deleted: z.boolean().nullish() });

/** Every gateway error: `{"error":{"message","type","code"}}`. */
export const errorBodySchema = z.object({
  error: z.object({ message: z.string(), type: z.string().nullish(), code: z.string().nullish() }),
});

export function toModelsInfo(body: z.infer<typeof modelsBodySchema>): ModelsInfo {
  const models = body.data.filter((entry) => !entry.target);
  return {
    models: models.map((entry) => entry.id),
    default_model: models.find((entry) => entry.default)?.id ?? null,
    aliases: body.data.flatMap((entry) => (entry.target ? [{ alias: entry.id, target: entry.target }] : [])),
    routes: (body.routes ?? []).map((r) => ({
      name: r.name,
      description: r.description ?? '',
      models: r.models ?? [],
    })),
  };
}

export function toDecision(body: z.infer<typeof decisionBodySchema>): RouteDecision {
  return { model: body.model, route: noneToNull(body.route), pinned: body.pinned ?? false };
}

export function toPinInfo(id: string, body: z.infer<typeof pinBodySchema>): PinInfo {
  return {
    affinity_id: id,
    model: body.model,
    route: noneToNull(body.route),
    source: body.source ?? 'unknown',
    ttl_seconds: body.ttl_seconds ?? null,
  };
}

/** Headers spell "no route" `none`; a model reads `null` more reliably. */
function noneToNull(route: string | null | undefined): string | null {
  return route === undefined || route === null || route === 'none' ? null : route;
}

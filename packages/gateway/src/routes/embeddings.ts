import { Elysia } from 'elysia';
import { z } from 'zod';
import { GatewayError } from '../errors.ts';
import { readJsonBody } from '../http/body.ts';
import type { GatewayContext } from '../http/context.ts';
import { jsonResponse } from '../http/json-response.ts';
import { callContext, providerFor } from '../proxy/serve.ts';

export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1).max(256),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int())).min(1),
  ]),
});

/**
 * `POST /v1/embeddings`: forwarded as sent to the configured model (or alias) the body names. No
 * routing (an embedding model is chosen for its vector space, not for an intent) and never pinned;
 * the answer carries `x-tether-model` like every proxied response.
 */
export function embeddingsRoutes(tether: GatewayContext) {
  const { config } = tether;
  return new Elysia({ name: 'tether/embeddings' }).decorate('tether', tether).post(
    '/v1/embeddings',
    async ({ request }) => {
      const body = await readJsonBody(
        request,
        config.maxBodyBytes,
        embeddingsRequestSchema,
        config.bodyTimeoutMs,
      );
      const requested = Object.hasOwn(config.aliases, body.model) ? config.aliases[body.model] : body.model;
      const model = requested === undefined ? undefined : config.modelsByName.get(requested);
      if (!model) {
        const names = [...config.modelsByName.keys(), ...Object.keys(config.aliases)];
        throw new GatewayError(
          'unknown_model',
          400,
          `model "${body.model}" is not configured (embeddings go to the named model, never routed); configured models: ${names.join(', ')}`,
          { param: 'model' },
        );
      }
      const provider = providerFor(tether, model);
      if (!provider.openai)
        throw new GatewayError('invalid_request', 400, `model "${model.name}" has no embeddings endpoint`, {
          param: 'model',
        });
      const answer = await provider.openai.embeddings(
        { ...body, model: model.upstreamModel },
        callContext(request, model),
      );
      return jsonResponse(answer, 200, {
        'x-tether-model': model.name,
        'x-tether-route': 'none',
        'x-tether-pinned': 'false',
      });
    },
    { parse: 'none' },
  );
}

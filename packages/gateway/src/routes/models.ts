import { Elysia } from 'elysia';
import { GatewayError } from '../errors.ts';
import type { GatewayContext } from '../http/context.ts';

/**
 * `GET /v1/models/{id}`: one entry of that list, or a 404 in OpenAI's shape.
 * `GET /v1/models`: configured models and aliases, OpenAI list shape, plus a top-level `routes` list
 * (name, description, models) so clients (the MCP `list_models` tool) can see the preferences.
 */
export function modelRoutes(tether: GatewayContext) {
  const { config } = tether;
  const data = [
    ...config.models.map((m) => ({
      id: m.name,
      object: 'model' as const,
      created: 0,
      owned_by: m.provider,
      ...(m.isDefault ? { default: true } : {}),
    })),
    ...Object.entries(config.aliases).map(([alias, target]) => ({
      id: alias,
      object: 'model' as const,
      created: 0,
      owned_by: 'alias',
      target,
    })),
  ];
  const routes = config.routes.map((r) => ({
    name: r.name,
    description: r.description,
    models: [...r.models],
  }));
  const body = JSON.stringify({ object: 'list', data, routes });
  const byId = new Map(data.map((entry) => [entry.id, JSON.stringify(entry)]));
  return new Elysia({ name: 'tether/models' })
    .get('/v1/models', () => new Response(body, { headers: { 'content-type': 'application/json' } }))
    .get('/v1/models/*', ({ params }) => {
      // Model ids contain a slash (`openai/gpt-4o`), sent raw or percent-encoded by SDKs.
      let id = params['*'];
      try {
        id = decodeURIComponent(id);
      } catch {
        // Not valid percent-encoding: looked up as sent.
      }
      const entry = byId.get(id);
      if (entry === undefined)
        throw new GatewayError('not_found', 404, `The model '${id}' does not exist`, { param: 'model' });
      return new Response(entry, { headers: { 'content-type': 'application/json' } });
    });
}

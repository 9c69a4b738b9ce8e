import { Elysia } from 'elysia';
import type { GatewayContext } from '../http/context.ts';

/**
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
  return new Elysia({ name: 'tether/models' }).get(
    '/v1/models',
    () => new Response(body, { headers: { 'content-type': 'application/json' } }),
  );
}

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { fail, guarded, ok } from './tool-result.ts';
import {
  chatMessageSchema,
  modelsInfoSchema,
  pinInfoSchema,
  routeDecisionSchema,
  type TetherControl,
} from './types.ts';

/** The tool names, as a client sees them in `tools/list`. */
export const TOOL_NAMES = ['list_models', 'preview_route', 'pin_model', 'get_pin', 'release_pin'] as const;

const affinityId = z
  .string()
  .describe('The affinity id: the value you send in the `X-Model-Affinity` header, e.g. "aff_3f9c0b1e2d4a".');

const pinOutput = pinInfoSchema.extend({
  header: z.string(),
  created_id: z.boolean(),
  kept_existing: z.boolean(),
});

/**
 * Registers Tether's five tools on an MCP server, all working through `control`.
 * Descriptions are written for the model that will call them.
 */
export function registerTetherTools(server: McpServer, control: TetherControl): void {
  server.registerTool(
    'list_models',
    {
      title: 'List models',
      description:
        'List the models this Tether gateway can serve, the aliases that resolve to them, and its routing ' +
        'preferences (named routes with a description of the work each suits). Call it before pin_model to ' +
        'pick a valid model name.',
      inputSchema: {},
      outputSchema: modelsInfoSchema.shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      guarded(control, async () => {
        const info = await control.listModels();
        const routes = info.routes.map((r) => r.name).join(', ') || 'none published';
        return ok(`${info.models.length} model(s): ${info.models.join(', ')}. Routes: ${routes}.`, info);
      }),
  );

  server.registerTool(
    'preview_route',
    {
      title: 'Preview route',
      description:
        'Ask the gateway which model and route it would choose for a prompt or a conversation, without ' +
        'pinning anything. Use it to see where a task would go before committing with pin_model.',
      inputSchema: {
        prompt: z
          .string()
          .min(1)
          .optional()
          .describe('The task in plain words, e.g. "write a SQL migration".'),
        messages: z
          .array(chatMessageSchema)
          .min(1)
          .optional()
          .describe('A conversation (OpenAI chat roles); the router reads its latest user intent.'),
      },
      outputSchema: routeDecisionSchema.shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ prompt, messages }) =>
      guarded(control, async () => {
        if ((prompt === undefined) === (messages === undefined)) {
          return fail('Give exactly one of `prompt` (a string) or `messages` (a conversation).');
        }
        const decision = await control.previewRoute(messages ?? [{ role: 'user', content: prompt ?? '' }]);
        const route = decision.route ?? 'no route (the default model serves)';
        return ok(`The gateway would use ${decision.model} via ${route}. Nothing was pinned.`, decision);
      }),
  );

  server.registerTool(
    'pin_model',
    {
      title: 'Pin a model',
      description:
        'Pin an affinity id to one model so every later request that sends the header ' +
        '`X-Model-Affinity: <affinity_id>` is served by that model, skipping the router. Give `model` (a name ' +
        'from list_models) to pin it explicitly, or `prompt` to pin whatever the router chooses for that task. ' +
        'Omit `affinity_id` to get a new one. Pins expire after `ttl_seconds` (the gateway default otherwise); ' +
        'call release_pin when the work is done.',
      inputSchema: {
        affinity_id: affinityId.optional(),
        model: z.string().min(1).optional().describe('A configured model or alias, e.g. "openai/gpt-4o".'),
        prompt: z
          .string()
          .min(1)
          .optional()
          .describe('The task; the router picks the model and it is pinned.'),
        ttl_seconds: z.number().int().positive().optional().describe('How long the pin lives, in seconds.'),
      },
      outputSchema: pinOutput.shape,
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    ({ affinity_id, model, prompt, ttl_seconds }) =>
      guarded(control, async () => {
        if ((model === undefined) === (prompt === undefined)) {
          return fail(
            "Give exactly one of `model` (a name from list_models) or `prompt` (to pin the router's choice).",
          );
        }
        const pin = await control.pin({ id: affinity_id, model, prompt, ttlSeconds: ttl_seconds });
        const header = `X-Model-Affinity: ${pin.affinity_id}`;
        const how = pin.kept_existing ? 'was already pinned to' : 'is now pinned to';
        return ok(
          `Affinity id ${pin.affinity_id} ${how} ${pin.model}. Send the header "${header}" on every request ` +
            'that should use this model; call release_pin when done.',
          { ...pin, header },
        );
      }),
  );

  server.registerTool(
    'get_pin',
    {
      title: 'Get pin',
      description:
        'Show which model an affinity id is pinned to, the route that chose it, where the pin came from ' +
        '(router, explicit, failover) and the seconds left before it expires; or that there is no pin.',
      inputSchema: { affinity_id: affinityId },
      outputSchema: pinInfoSchema.partial().extend({ affinity_id: z.string(), pinned: z.boolean() }).shape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ affinity_id }) =>
      guarded(control, async () => {
        const pin = await control.getPin(affinity_id);
        if (!pin) {
          return ok(`No pin for ${affinity_id}: its next request will be routed afresh.`, {
            affinity_id,
            pinned: false,
          });
        }
        const left = pin.ttl_seconds === null ? '' : `, ${pin.ttl_seconds}s left`;
        return ok(`${affinity_id} is pinned to ${pin.model} (${pin.source}${left}).`, {
          ...pin,
          pinned: true,
        });
      }),
  );

  server.registerTool(
    'release_pin',
    {
      title: 'Release pin',
      description:
        'Release the pin of an affinity id, so its next request is routed afresh. Call it when the task the ' +
        'pin was made for is finished.',
      inputSchema: { affinity_id: affinityId },
      outputSchema: { affinity_id: z.string(), released: z.boolean() },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    ({ affinity_id }) =>
      guarded(control, async () => {
        const released = await control.releasePin(affinity_id);
        const summary = released
          ? `Released the pin of ${affinity_id}; its next request will be routed afresh.`
          : `${affinity_id} had no pin; nothing to release.`;
        return ok(summary, { affinity_id, released });
      }),
  );
}

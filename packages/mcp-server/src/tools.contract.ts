import { describe, expect, test } from 'bun:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CODE_MODEL, REASONING_MODEL } from '../test/support/gateway-process.ts';
import { TOOL_NAMES } from './tools.ts';

interface ToolCall {
  text: string;
  isError: boolean;
  data: Record<string, unknown>;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolCall> {
  const result = await client.callTool({ name, arguments: args });
  const content = Array.isArray(result.content) ? result.content : [];
  return {
    text: content.map((c) => (c.type === 'text' ? c.text : '')).join('\n'),
    isError: result.isError === true,
    data: (result.structuredContent ?? {}) as Record<string, unknown>,
  };
}

/**
 * The behaviour every transport must show, written once: `stdio.test.ts` and `streamable-http.test.ts`
 * run it with an MCP client connected their way to a gateway on sim-models.
 */
export function runToolContract(ctx: {
  client: () => Client;
  gatewayUrl: () => string;
  chatHeaders?: Record<string, string>;
}) {
  describe('tools', () => {
    test('tools/list has the five tools, each described with an input schema', async () => {
      const { tools } = await ctx.client().listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
      for (const tool of tools) {
        expect(tool.description?.length).toBeGreaterThan(60);
        expect(tool.inputSchema.type).toBe('object');
      }
      const pin = tools.find((t) => t.name === 'pin_model');
      expect(Object.keys(pin?.inputSchema.properties ?? {}).sort()).toEqual([
        'affinity_id',
        'model',
        'prompt',
        'ttl_seconds',
      ]);
    });

    test('list_models lists models, aliases and routes', async () => {
      const result = await call(ctx.client(), 'list_models');
      expect(result.isError).toBe(false);
      expect(result.data.models).toEqual(expect.arrayContaining([REASONING_MODEL, CODE_MODEL]));
      expect(result.data.aliases).toContainEqual({ alias: 'fast', target: 'openai/gpt-4o-mini' });
      expect(result.text).toContain(CODE_MODEL);
    });

    test('preview_route answers for a prompt and for messages, and pins nothing', async () => {
      const byPrompt = await call(ctx.client(), 'preview_route', {
        prompt: 'write a function that parses CSV',
      });
      expect(byPrompt.data).toMatchObject({ model: CODE_MODEL, route: 'code_generation', pinned: false });
      const byMessages = await call(ctx.client(), 'preview_route', {
        messages: [{ role: 'user', content: 'compare PostgreSQL and MongoDB and assess the trade-offs' }],
      });
      expect(byMessages.data.model).toBe(REASONING_MODEL);
      const neither = await call(ctx.client(), 'preview_route', {});
      expect(neither.isError).toBe(true);
      expect(neither.text).toContain('prompt');
    });

    test('pin_model without an id creates one, and the pin steers /v1/chat/completions', async () => {
      const pin = await call(ctx.client(), 'pin_model', { model: CODE_MODEL });
      expect(pin.isError).toBe(false);
      const id = String(pin.data.affinity_id);
      expect(id).toMatch(/^aff_/);
      expect(pin.text).toContain(`X-Model-Affinity: ${id}`);
      // A reasoning prompt would route to the other model; the pin must win.
      const response = await fetch(`${ctx.gatewayUrl()}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-model-affinity': id, ...ctx.chatHeaders },
        body: JSON.stringify({
          model: 'auto',
          messages: [{ role: 'user', content: 'compare the trade-offs of PostgreSQL and MongoDB' }],
        }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-tether-model')).toBe(CODE_MODEL);
      expect(response.headers.get('x-tether-pinned')).toBe('true');
      await response.arrayBuffer();
      await call(ctx.client(), 'release_pin', { affinity_id: id });
    });

    test('pin_model by prompt pins the router choice for a given id with a ttl', async () => {
      const id = `contract-${crypto.randomUUID()}`;
      const pin = await call(ctx.client(), 'pin_model', {
        affinity_id: id,
        prompt: 'compare the options and assess the trade-offs',
        ttl_seconds: 90,
      });
      expect(pin.data).toMatchObject({ affinity_id: id, model: REASONING_MODEL, created_id: false });
      expect(pin.data.ttl_seconds).toBeLessThanOrEqual(90);
      await call(ctx.client(), 'release_pin', { affinity_id: id });
    });

    test('pin_model with an unknown model is a tool error listing the valid models', async () => {
      const result = await call(ctx.client(), 'pin_model', {
        affinity_id: 'contract-bad',
        model: 'openai/gpt-9',
      });
      expect(result.isError).toBe(true);
      for (const model of [REASONING_MODEL, CODE_MODEL, 'openai/gpt-4o-mini'])
        expect(result.text).toContain(model);
      const both = await call(ctx.client(), 'pin_model', { model: CODE_MODEL, prompt: 'write code' });
      expect(both.isError).toBe(true);
    });

    test('get_pin and release_pin: pinned, released, then none', async () => {
      const id = `contract-${crypto.randomUUID()}`;
      await call(ctx.client(), 'pin_model', { affinity_id: id, model: 'fast' });
      const pinned = await call(ctx.client(), 'get_pin', { affinity_id: id });
      expect(pinned.data).toMatchObject({
        affinity_id: id,
        pinned: true,
        model: 'openai/gpt-4o-mini',
        source: 'explicit',
      });
      expect(pinned.data.ttl_seconds).toBeGreaterThan(0);
      const released = await call(ctx.client(), 'release_pin', { affinity_id: id });
      expect(released.data).toEqual({ affinity_id: id, released: true });
      const none = await call(ctx.client(), 'get_pin', { affinity_id: id });
      expect(none.isError).toBe(false);
      expect(none.data).toEqual({ affinity_id: id, pinned: false });
      const again = await call(ctx.client(), 'release_pin', { affinity_id: id });
      expect(again.data.released).toBe(false);
    });

    test('a bad affinity id is a tool error saying what an id may contain', async () => {
      for (const tool of ['get_pin', 'release_pin']) {
        const result = await call(ctx.client(), tool, { affinity_id: 'x'.repeat(300) });
        expect(result.isError).toBe(true);
        expect(result.text).toContain('256');
      }
      const empty = await call(ctx.client(), 'pin_model', { affinity_id: '', model: CODE_MODEL });
      expect(empty.isError).toBe(true);
    });
  });
}

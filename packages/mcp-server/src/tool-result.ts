import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { TetherControlError } from './errors.ts';
import type { TetherControl } from './types.ts';

/** A successful tool result: a sentence for the model, the data as JSON text, and the same data structured. */
export function ok(summary: string, data: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: `${summary}\n${JSON.stringify(data, null, 2)}` }],
    structuredContent: data,
  };
}

/** A tool error (`isError: true`) the model can act on. */
export function fail(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Runs a tool body and turns a `TetherControlError` into a tool error. An unknown model gets the list
 * of valid ones appended, so the model can retry with a correct name.
 */
export async function guarded(
  control: TetherControl,
  body: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    if (!TetherControlError.isInstance(error)) throw error;
    if (error.code !== 'unknown_model') return fail(error.message);
    const valid = await validModels(control);
    const missing = valid.filter((name) => !error.message.includes(name));
    return fail(missing.length === 0 ? error.message : `${error.message} Valid models: ${valid.join(', ')}.`);
  }
}

async function validModels(control: TetherControl): Promise<string[]> {
  try {
    const info = await control.listModels();
    return [...info.models, ...info.aliases.map((a) => a.alias)];
  } catch {
    return [];
  }
}

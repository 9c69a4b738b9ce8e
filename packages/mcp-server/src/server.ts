import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import pkg from '../package.json' with { type: 'json' };
import { registerTetherTools } from './tools.ts';
import type { TetherControl } from './types.ts';

/**
 * An MCP server named `tether` with the five affinity tools, not yet connected to a transport.
 * @example await createTetherMcpServer(createHttpControl({ baseUrl })).connect(new StdioServerTransport());
 */
export function createTetherMcpServer(control: TetherControl): McpServer {
  const server = new McpServer(
    { name: 'tether', title: 'Tether model affinity', version: pkg.version },
    {
      instructions:
        'Tether is the LLM gateway your requests go through. Use pin_model to keep one model for a multi-step ' +
        'task (send the returned id as the X-Model-Affinity header), get_pin to check it, release_pin when done.',
    },
  );
  registerTetherTools(server, control);
  return server;
}

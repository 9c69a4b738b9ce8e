import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** How the agent reaches Tether's MCP tools. */
export type McpTransportKind = 'stdio' | 'http';

export interface ConnectOptions {
  gatewayUrl: string;
  token?: string;
  /** `stdio`: spawn `tether-mcp`; `http`: Streamable HTTP to the gateway's `/mcp`. @default 'stdio' */
  transport?: McpTransportKind;
  /** The command that runs `tether-mcp`. @default ['bun', '<repo>/packages/mcp-server/src/cli.ts'] */
  mcpCommand?: string[];
}

/** The `tether-mcp` bin in this repository, run from source. */
export const TETHER_MCP_CLI = fileURLToPath(
  new URL('../../../packages/mcp-server/src/cli.ts', import.meta.url),
);

/** Connects an MCP client named `mcp-agent-demo` to Tether's tools over stdio or Streamable HTTP. */
export async function connectTetherMcp(options: ConnectOptions): Promise<Client> {
  const client = new Client({ name: 'mcp-agent-demo', version: '0.1.0' });
  const base = options.gatewayUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  if ((options.transport ?? 'stdio') === 'http') {
    const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } }),
    );
    return client;
  }
  const [command = 'bun', ...args] = options.mcpCommand ?? [process.execPath, TETHER_MCP_CLI];
  // The token goes through the environment, not argv, so it never shows in a process list.
  const env: Record<string, string> = { ...getDefaultEnvironment(), TETHER_GATEWAY_URL: base };
  if (options.token) env.TETHER_ADMIN_TOKEN = options.token;
  await client.connect(new StdioClientTransport({ command, args, env, stderr: 'ignore' }));
  return client;
}

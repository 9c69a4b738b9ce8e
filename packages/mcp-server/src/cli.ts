#!/usr/bin/env bun
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CliUsageError, parseCliArgs, USAGE } from './cli-args.ts';
import { createHttpControl } from './http-control.ts';
import { createTetherMcpServer } from './server.ts';

// stdout carries the MCP protocol; everything for humans goes to stderr.
let options: ReturnType<typeof parseCliArgs>;
try {
  options = parseCliArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof CliUsageError)) throw error;
  console.error(`tether-mcp: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options === 'help') {
  console.error(USAGE);
  process.exit(0);
}

const control = createHttpControl({
  baseUrl: options.gateway,
  token: options.token,
  headers: options.headers,
});
const server = createTetherMcpServer(control);
const transport = new StdioServerTransport();
transport.onclose = () => process.exit(0);
process.stdin.on('end', () => void server.close());
await server.connect(transport);
console.error(`tether-mcp: serving stdio for the gateway at ${options.gateway}`);

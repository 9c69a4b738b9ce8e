import { parseArgs } from 'node:util';
import { runMcpAgentDemo } from './run.ts';

// Runs the MCP agent demo alone against a gateway that is already running:
//   bun demos/mcp-agent/src/main.ts [--gateway http://127.0.0.1:12000] [--token T] [--transport stdio|http] [--json]
const { values } = parseArgs({
  options: {
    gateway: { type: 'string' },
    token: { type: 'string' },
    transport: { type: 'string', default: 'stdio' },
    json: { type: 'boolean', default: false },
  },
});
const transport = values.transport;
if (transport !== 'stdio' && transport !== 'http') {
  console.error(`--transport must be stdio or http, got "${transport}"`);
  process.exit(2);
}
const gatewayUrl = values.gateway ?? process.env.TETHER_GATEWAY_URL ?? 'http://127.0.0.1:12000';
const token = values.token ?? process.env.TETHER_ADMIN_TOKEN;

try {
  const trace = await runMcpAgentDemo({
    gatewayUrl,
    token,
    transport,
    log: values.json ? undefined : (line) => console.log(`  ${line}`),
  });
  if (values.json) console.log(JSON.stringify(trace, null, 2));
  const models = new Set(trace.turns.map((t) => t.model));
  const allPinned = trace.turns.every((t) => t.pinned);
  const ok = models.size === 1 && allPinned && trace.released;
  if (!values.json) {
    console.log(
      ok
        ? `✓ MCP pin: ${trace.pinnedModel} for all ${trace.turns.length} turns, then released`
        : `✗ MCP pin: models ${[...models].join(', ')}; pinned every turn: ${allPinned}; released: ${trace.released}`,
    );
  }
  process.exit(ok ? 0 : 1);
} catch (error) {
  console.error(`mcp-agent: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

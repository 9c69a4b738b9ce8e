export { AGENT_TOOLS, runAgentTool, TASK } from './agent-tools.ts';
export {
  type ConnectOptions,
  connectTetherMcp,
  type McpTransportKind,
  TETHER_MCP_CLI,
} from './mcp-connection.ts';
export { type McpAgentDemoOptions, type McpAgentTrace, type McpAgentTurn, runMcpAgentDemo } from './run.ts';

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { agentGuidelines } from '@tether-demo/kit';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { AGENT_TOOLS, runAgentTool, TASK } from './agent-tools.ts';
import { connectTetherMcp, type McpTransportKind } from './mcp-connection.ts';

/** One chat completion of the agent's tool loop. */
export interface McpAgentTurn {
  turn: number;
  /** The model that served it (`x-tether-model`). */
  model: string;
  /** `x-tether-pinned: true`: served from the pin made over MCP, the router did not run. */
  pinned: boolean;
  /** Tools the model called in this turn (empty for the final answer). */
  tools: string[];
}

/** What the demo did, for printing or for `demo:affinity`'s third section. */
export interface McpAgentTrace {
  /** The id `pin_model` created and the agent sent as `X-Model-Affinity`. */
  affinityId: string;
  /** The model `pin_model` pinned. */
  pinnedModel: string;
  turns: McpAgentTurn[];
  /** True when `release_pin` released the pin and `get_pin` then reported none. */
  released: boolean;
  /** The agent's final answer. */
  answer: string;
}

export interface McpAgentDemoOptions {
  /** Tether's base URL, e.g. `http://127.0.0.1:12000`. */
  gatewayUrl: string;
  /** The gateway's `admin_token`, when it has one (pinning is an admin operation). */
  token?: string;
  /** @default 'stdio' */
  transport?: McpTransportKind;
  /** Progress lines, e.g. `console.log`. @default no output */
  log?: (line: string) => void;
  /** Overrides the command that starts `tether-mcp` for the stdio transport. */
  mcpCommand?: string[];
  /** @default 8 */
  maxTurns?: number;
}

/**
 * The MCP agent demo: connect to Tether's MCP tools, `pin_model` for the task, run the tool loop through
 * the gateway with the returned id as `X-Model-Affinity`, then `release_pin` and check `get_pin` is empty.
 * @example const trace = await runMcpAgentDemo({ gatewayUrl: 'http://127.0.0.1:12000', transport: 'http' });
 */
export async function runMcpAgentDemo(options: McpAgentDemoOptions): Promise<McpAgentTrace> {
  const log = options.log ?? (() => {});
  const mcp = await connectTetherMcp(options);
  try {
    const pin = await callTool(mcp, 'pin_model', { prompt: TASK });
    const affinityId = String(pin.affinity_id);
    const pinnedModel = String(pin.model);
    log(`pin_model → ${affinityId} pinned to ${pinnedModel} (route ${pin.route ?? 'none'})`);

    const { turns, answer } = await toolLoop(options, affinityId, log);

    const release = await callTool(mcp, 'release_pin', { affinity_id: affinityId });
    const after = await callTool(mcp, 'get_pin', { affinity_id: affinityId });
    log(`release_pin → released: ${release.released}; get_pin → pinned: ${after.pinned}`);
    return {
      affinityId,
      pinnedModel,
      turns,
      released: release.released === true && after.pinned === false,
      answer,
    };
  } finally {
    await mcp.close();
  }
}

async function toolLoop(options: McpAgentDemoOptions, affinityId: string, log: (line: string) => void) {
  const base = options.gatewayUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'tether', maxRetries: 0 });
  const messages: ChatCompletionMessageParam[] = [
    {
      role: 'system',
      content: `You are a database migration agent. Use the tools, then answer.\n\n${agentGuidelines()}`,
    },
    { role: 'user', content: TASK },
  ];
  const turns: McpAgentTurn[] = [];
  for (let turn = 1; turn <= (options.maxTurns ?? 8); turn++) {
    const { data, response } = await openai.chat.completions
      .create(
        { model: 'auto', messages, tools: AGENT_TOOLS },
        { headers: { 'X-Model-Affinity': affinityId } },
      )
      .withResponse();
    const message = data.choices[0]?.message;
    const calls = (message?.tool_calls ?? []).filter((c) => c.type === 'function');
    const served: McpAgentTurn = {
      turn,
      model: response.headers.get('x-tether-model') ?? data.model,
      pinned: response.headers.get('x-tether-pinned') === 'true',
      tools: calls.map((c) => c.function.name),
    };
    turns.push(served);
    log(
      `turn ${turn} [${served.model}${served.pinned ? ', pinned' : ''}] ${served.tools.join(' ') || 'answer'}`,
    );
    if (calls.length === 0) return { turns, answer: message?.content ?? '' };
    messages.push({ role: 'assistant', content: message?.content ?? null, tool_calls: calls });
    for (const call of calls) {
      messages.push({
        role: 'tool',
        tool_call_id: call.id,
        content: runAgentTool(call.function.name, call.function.arguments),
      });
    }
  }
  return { turns, answer: '' };
}

/** Calls an MCP tool and returns its structured result; a tool error becomes an exception with its message. */
async function callTool(
  mcp: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result = await mcp.callTool({ name, arguments: args });
  if (result.isError) {
    const text = Array.isArray(result.content)
      ? result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ')
      : '';
    throw new Error(`${name} failed: ${text}`);
  }
  return (result.structuredContent ?? {}) as Record<string, unknown>;
}

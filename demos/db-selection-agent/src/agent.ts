import { AFFINITY_HEADER, agentGuidelines, openAiBaseUrl, servedBy } from '@tether-demo/kit';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { parseArguments, runTool, TOOL_DEFINITIONS } from './tools.ts';

/** The task the agent is given. */
export const DEFAULT_TASK =
  'Which database should we choose for a high-traffic e-commerce platform? Recommend one and justify the decision.';

const SYSTEM =
  'You are a database selection agent. Use the tools to gather benchmarks, case studies and feature ' +
  'support before you recommend; call tools in parallel when useful; finish with a recommendation.';

/** One model call of the loop. */
export interface AgentTurn {
  /** 1-based turn number. */
  turn: number;
  /** The model that answered (`x-tether-model`). */
  model: string;
  /** True when served from a stored pin. */
  pinned: boolean;
  /** `x-tether-route`, or `null` without the header. */
  route: string | null;
  /** Tools the model asked for this turn, in call order (empty on the final answer). */
  tools: string[];
  /** The assistant text of this turn (its stated plan, or the final answer). */
  text: string;
}

/** A finished tool loop. */
export interface DbSelectionRun {
  /** The `X-Model-Affinity` sent on every turn, `null` for the unpinned run. */
  affinityId: string | null;
  turns: AgentTurn[];
  /** The final answer; `null` when the loop hit `maxTurns` first. */
  recommendation: string | null;
}

export interface DbSelectionOptions {
  /** Tether's base URL, with or without `/v1`. */
  gatewayUrl: string;
  /** Sent unchanged as `X-Model-Affinity` on every turn; omit to route each turn afresh. */
  affinityId?: string;
  /** @default DEFAULT_TASK */
  task?: string;
  /** @default 10 */
  maxTurns?: number;
  /** Bearer token for the gateway. @default 'tether' */
  apiKey?: string;
  /** The request's `model`, a concrete name as Plano's agents send; the gateway still routes it. @default 'gpt-4o-mini' */
  model?: string;
  /** Called before each turn's request (for progress lines). */
  onTurnStart?: (turn: number) => void;
  signal?: AbortSignal;
}

/**
 * A tool-calling agent: each turn is one `POST /v1/chat/completions` through the gateway with the
 * three tools offered; the model decides which to call, the agent runs them and sends the results
 * back, until the model answers without tools or `maxTurns` is reached.
 *
 * @example
 * const run = await runDbSelectionAgent({ gatewayUrl: 'http://127.0.0.1:12000', affinityId: 'db-1' });
 * console.log(run.recommendation);
 */
export async function runDbSelectionAgent(options: DbSelectionOptions): Promise<DbSelectionRun> {
  const client = new OpenAI({
    baseURL: openAiBaseUrl(options.gatewayUrl),
    apiKey: options.apiKey ?? 'tether',
    maxRetries: 0,
  });
  const headers = options.affinityId ? { [AFFINITY_HEADER]: options.affinityId } : undefined;
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: `${SYSTEM}\n\n${agentGuidelines()}` },
    { role: 'user', content: options.task ?? DEFAULT_TASK },
  ];
  const turns: AgentTurn[] = [];
  const maxTurns = options.maxTurns ?? 10;

  for (let turn = 1; turn <= maxTurns; turn++) {
    options.onTurnStart?.(turn);
    const { data, response } = await client.chat.completions
      .create(
        { model: options.model ?? 'gpt-4o-mini', messages, tools: TOOL_DEFINITIONS },
        { headers, signal: options.signal },
      )
      .withResponse();
    const message = data.choices[0]?.message;
    const calls = (message?.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [c] : []));
    const text = message?.content ?? '';
    turns.push({
      turn,
      ...servedBy(response.headers, data.model),
      tools: calls.map((c) => c.function.name),
      text,
    });
    if (calls.length === 0) return { affinityId: options.affinityId ?? null, turns, recommendation: text };

    messages.push({ role: 'assistant', content: message?.content ?? null, tool_calls: calls });
    for (const call of calls) {
      const result = runTool(call.function.name, parseArguments(call.function.arguments));
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    }
  }
  return { affinityId: options.affinityId ?? null, turns, recommendation: null };
}

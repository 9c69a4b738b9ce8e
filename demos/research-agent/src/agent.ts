import { AFFINITY_HEADER, agentGuidelines, openAiBaseUrl, servedBy } from '@tether-demo/kit';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { DEFAULT_QUESTION, RESEARCH_STEPS, type ResearchStep } from './steps.ts';

/** The outcome of one research step. */
export interface StepResult {
  step: number;
  task: string;
  /** The model that answered (Tether's `x-tether-model`). */
  model: string;
  /** True when the gateway served this step from a stored pin. */
  pinned: boolean;
  /** The route the gateway chose (`x-tether-route`), `null` if it sent none. */
  route: string | null;
  /** The assistant's answer. */
  content: string;
}

export interface ResearchAgentOptions {
  /** Tether's base URL, with or without `/v1`, e.g. `http://127.0.0.1:12000`. */
  gatewayUrl: string;
  /** Sent unchanged as `X-Model-Affinity` on every call; omit to let the router pick per step. */
  affinityId?: string;
  /** @default DEFAULT_QUESTION */
  question?: string;
  /** Sent as the bearer token; the gateway holds the provider keys. @default 'tether' */
  apiKey?: string;
  /**
   * The `model` field of each request, a concrete name as Plano's agents send. The gateway still
   * routes it (Plano's rule): it serves only when no route matches. @default 'gpt-4o'
   */
  model?: string;
  /** Called before each step's request (for progress lines). */
  onStepStart?: (step: ResearchStep) => void;
  signal?: AbortSignal;
}

/** A finished research loop. */
export interface ResearchRun {
  steps: StepResult[];
  /** The last step's answer: the recommendation report. */
  report: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const SYSTEM = (question: string) =>
  `You are a database research agent. Research question: ${question} ` +
  'Work step by step; each answer builds on the earlier ones.';

/**
 * Runs the five research steps through the gateway with the official OpenAI SDK. Each step is a
 * separate chat completion carrying the whole history so far.
 *
 * @example
 * const run = await runResearchAgent({ gatewayUrl: 'http://127.0.0.1:12000', affinityId: 'research-1' });
 * run.steps.map((s) => s.model); // one model for all five steps
 */
export async function runResearchAgent(options: ResearchAgentOptions): Promise<ResearchRun> {
  const client = new OpenAI({
    baseURL: openAiBaseUrl(options.gatewayUrl),
    apiKey: options.apiKey ?? 'tether',
    maxRetries: 0,
  });
  const headers = options.affinityId ? { [AFFINITY_HEADER]: options.affinityId } : undefined;
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: `${SYSTEM(options.question ?? DEFAULT_QUESTION)}\n\n${agentGuidelines()}` },
  ];
  const steps: StepResult[] = [];
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

  for (const step of RESEARCH_STEPS) {
    options.onStepStart?.(step);
    messages.push({ role: 'user', content: step.prompt });
    const { data, response } = await client.chat.completions
      .create({ model: options.model ?? 'gpt-4o', messages }, { headers, signal: options.signal })
      .withResponse();
    const content = data.choices[0]?.message.content ?? '';
    messages.push({ role: 'assistant', content });
    usage.prompt_tokens += data.usage?.prompt_tokens ?? 0;
    usage.completion_tokens += data.usage?.completion_tokens ?? 0;
    usage.total_tokens += data.usage?.total_tokens ?? 0;
    steps.push({ step: step.step, task: step.task, ...servedBy(response.headers, data.model), content });
  }
  return { steps, report: steps.at(-1)?.content ?? '', usage };
}

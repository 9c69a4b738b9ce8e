import { AFFINITY_HEADER, createProgress, newAffinityId, stdoutStyle } from '@tether-demo/kit';
import { formatResearchComparison, type ResearchComparison, researchVerdicts } from './format.ts';
import type { AgentResponse } from './server.ts';
import { DEFAULT_QUESTION } from './steps.ts';

export type { ResearchComparison } from './format.ts';

export interface ResearchClientOptions {
  /** The research agent server, e.g. `http://127.0.0.1:8000`. */
  agentUrl: string;
  /** The id for the pinned run. @default a fresh `research-xxxxxxxx` */
  affinityId?: string;
  question?: string;
  /** Called before each of the two runs (for progress lines). */
  onRun?: (run: 'unpinned' | 'pinned') => void;
  signal?: AbortSignal;
}

async function ask(options: ResearchClientOptions, affinityId: string | undefined): Promise<AgentResponse> {
  const response = await fetch(`${options.agentUrl.replace(/\/+$/, '')}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(affinityId ? { [AFFINITY_HEADER]: affinityId } : {}) },
    body: JSON.stringify({
      model: 'research-agent',
      messages: [{ role: 'user', content: options.question ?? DEFAULT_QUESTION }],
    }),
    signal: options.signal,
  });
  if (!response.ok) {
    const text = await response.text();
    throw new Error(`research agent answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return (await response.json()) as AgentResponse;
}

/**
 * Asks the research agent server twice: once without `X-Model-Affinity` (the router picks a model
 * per step), once with it (the first decision is pinned for every step).
 */
export async function runResearchComparison(options: ResearchClientOptions): Promise<ResearchComparison> {
  options.onRun?.('unpinned');
  const unpinned = await ask(options, undefined);
  options.onRun?.('pinned');
  const pinned = await ask(options, options.affinityId ?? newAffinityId('research'));
  return { unpinned, pinned };
}

if (import.meta.main) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({ options: { agent: { type: 'string' }, gateway: { type: 'string' } } });
  const gatewayUrl = values.gateway ?? process.env.TETHER_URL ?? 'http://127.0.0.1:12000';
  // Without --agent, the client hosts the agent server itself on a free port.
  let stopAgent = () => {};
  let agentUrl = values.agent;
  if (!agentUrl) {
    const { createAgentServer } = await import('./server.ts');
    const app = createAgentServer({ gatewayUrl }).listen({ port: 0, hostname: '127.0.0.1' });
    agentUrl = `http://127.0.0.1:${app.server?.port}`;
    stopAgent = () => void app.stop(true);
  }
  const progress = createProgress();
  try {
    const result = await runResearchComparison({
      agentUrl,
      onRun: (run) =>
        progress.update(`research agent: five steps ${run === 'pinned' ? 'with' : 'without'} affinity…`),
    });
    progress.stop();
    console.log(formatResearchComparison(result, stdoutStyle()));
    process.exitCode = researchVerdicts(result).every((v) => v.ok) ? 0 : 1;
  } catch (error) {
    progress.stop();
    console.error(`research demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    stopAgent();
  }
}

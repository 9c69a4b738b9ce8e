import { fileURLToPath } from 'node:url';
import {
  createAgentServer,
  formatResearchComparison,
  researchVerdicts,
  runResearchComparison,
} from '@tether-demo/research-agent';
import type { DemoSection } from './types.ts';

const CONFIG = fileURLToPath(new URL('../../../research-agent/config.yaml', import.meta.url));

/** Section 1: the five-step research loop through the research agent server. */
export const researchSection: DemoSection = {
  id: 'research-agent',
  title: 'Research agent: five steps, alternating code and reasoning',
  async run(context) {
    const gatewayUrl = await context.gatewayFor(CONFIG);
    // The agent server sits between the client and the gateway, as in a real deployment.
    const app = createAgentServer({ gatewayUrl }).listen({ port: 0, hostname: '127.0.0.1' });
    context.track(() => app.stop(true));
    const result = await runResearchComparison({
      agentUrl: `http://127.0.0.1:${app.server?.port}`,
      onRun: (run) =>
        context.progress.update(
          `research agent: five steps ${run === 'pinned' ? 'with' : 'without'} affinity…`,
        ),
    });
    context.progress.stop();
    const [unpinned, pinned] = researchVerdicts(result);
    return {
      id: this.id,
      title: this.title,
      text: formatResearchComparison(result, context.style),
      data: {
        without_affinity: { session_id: null, routing_trace: result.unpinned.routing_trace },
        with_affinity: { session_id: result.pinned.session_id, routing_trace: result.pinned.routing_trace },
        final_report: result.pinned.choices[0]?.message.content ?? '',
      },
      runs: [
        { kind: 'unpinned', models: result.unpinned.routing_trace.map((s) => s.model), verdict: unpinned },
        { kind: 'pinned', models: result.pinned.routing_trace.map((s) => s.model), verdict: pinned },
      ],
    };
  },
};

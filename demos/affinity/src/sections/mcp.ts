import { fileURLToPath } from 'node:url';
import { renderTable, toolSummary, verdict } from '@tether-demo/kit';
import type { DemoSection } from './types.ts';

// The MCP agent's task is SQL work, so the research agent's routes (code vs reasoning) suit it.
const CONFIG = fileURLToPath(new URL('../../../research-agent/config.yaml', import.meta.url));

/**
 * Section 3: an agent pins its own model over MCP (`pin_model`), runs its tool loop with the
 * returned id, then calls `release_pin`. Lives in `@tether-demo/mcp-agent`; loaded lazily so a
 * problem there fails this section only.
 */
export const mcpSection: DemoSection = {
  id: 'mcp-agent',
  title: 'MCP agent: pins its own model over MCP, then releases it',
  async run(context) {
    const { runMcpAgentDemo } = await import('@tether-demo/mcp-agent');
    const gatewayUrl = await context.gatewayFor(CONFIG);
    context.progress.update('mcp agent: pin_model, tool loop, release_pin…');
    const trace = await runMcpAgentDemo({ gatewayUrl, transport: 'stdio' });
    context.progress.stop();
    const { style } = context;
    const models = trace.turns.map((t) => t.model);
    const base = verdict('pinned', models, 'turns');
    const ok = base.ok && trace.released && trace.turns.every((t) => t.pinned);
    const line = ok
      ? `${base.line}, pinned over MCP then released`
      : `✗ with MCP pin: ${base.line.replace(/^[✓✗] with affinity: /, '')}; every turn pinned: ${trace.turns.every((t) => t.pinned)}; released: ${trace.released}`;
    const table = renderTable(
      [{ header: 'turn' }, { header: 'model' }, { header: 'tools' }, { header: '' }],
      trace.turns.map((t) => [
        `turn ${t.turn}`,
        style.cyan(`[${t.model}]`),
        toolSummary(t.tools),
        t.pinned ? style.dim('pinned') : '',
      ]),
      { headerStyle: style.bold },
    );
    return {
      id: this.id,
      title: this.title,
      text: [
        style.bold(`pin_model → ${trace.affinityId} pinned to ${trace.pinnedModel}`),
        table,
        ok ? style.green(line) : style.red(line),
      ].join('\n'),
      data: trace,
      runs: [{ kind: 'pinned', models, verdict: { ok, line } }],
    };
  },
};

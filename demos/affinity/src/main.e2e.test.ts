import { describe, expect, test } from 'bun:test';
import { runCommand } from './test-support/spawn.ts';

// `bun run demo:affinity` exactly as the README tells a newcomer to run it: from the repo root,
// no API keys, output piped.
describe('bun run demo:affinity', () => {
  test('offline: both demos, their verdicts, no colour when piped, exit 0', async () => {
    const { stdout, stderr, code } = await runCommand([process.execPath, 'run', 'demo:affinity']);
    expect(stderr).not.toContain('tether:');
    expect(code).toBe(0);
    expect(stdout).toContain('SIMULATED');
    const lines = stdout.split('\n');
    // Research agent: five alternating steps switch four times unpinned, stay on one model pinned.
    expect(lines).toContain('✗ without affinity: model switched 4 time(s)');
    expect(lines).toContain('✓ with affinity: anthropic/claude-sonnet-4-20250514 for all 5 steps');
    // Database-selection agent: the tool loop switches on each turn unpinned.
    expect(lines).toContain('✗ without affinity: model switched 3 time(s)');
    expect(lines).toContain('✓ with affinity: anthropic/claude-sonnet-4-20250514 for all 4 turns');
    expect(stdout).toContain('Final report (pinned run):');
    expect(stdout).toContain('Final recommendation (pinned run):');
    // The prompt-cache table: cache share and cost for each agent, without and with affinity.
    expect(stdout).toContain('Prompt cache and cost, without vs with affinity');
    const row = lines.find((l) => l.startsWith('research-agent '));
    expect(row).toMatch(/^research-agent\s+\d+\.\d%\s+\$\d+\.\d{4}\s+\d+\.\d%\s+\$\d+\.\d{4}\s+[+−]\d+%$/);
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).not.toContain('\r');
  });

  test('--json prints the traces as one JSON document', async () => {
    const { stdout, code } = await runCommand([process.execPath, 'run', 'demo:affinity', '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as {
      mode: string;
      ok: boolean;
      sections: Array<{
        id: string;
        verdicts: Array<{ run: string; ok: boolean }>;
        trace: unknown;
        cache: {
          without_affinity: { cached_share: number; estimated_cost_usd: number } | null;
          with_affinity: { cached_share: number; estimated_cost_usd: number } | null;
        } | null;
      }>;
    };
    expect(doc.mode).toBe('simulated');
    expect(doc.ok).toBe(true);
    expect(doc.sections.map((s) => s.id)).toContain('research-agent');
    expect(doc.sections.map((s) => s.id)).toContain('db-selection-agent');
    const research = doc.sections.find((s) => s.id === 'research-agent');
    expect(research?.trace).toMatchObject({
      with_affinity: { routing_trace: [{ step: 1, pinned: false }, { step: 2, pinned: true }, {}, {}, {}] },
    });
    // The same numbers as the table: a pinned loop reads more of its prompt from the cache.
    const cache = doc.sections.find((s) => s.id === 'research-agent')?.cache;
    expect(cache?.with_affinity?.cached_share).toBeGreaterThan(cache?.without_affinity?.cached_share ?? 1);
    expect(cache?.without_affinity?.estimated_cost_usd).toBeGreaterThan(0);
    expect(cache?.with_affinity?.estimated_cost_usd).toBeGreaterThan(0);
  });

  test('a bad flag prints the usage and exits 2', async () => {
    const { stderr, code } = await runCommand([process.execPath, 'run', 'demo:affinity', '--nope']);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: bun run demo:affinity');
  });
});

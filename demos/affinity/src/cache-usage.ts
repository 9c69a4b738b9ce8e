import { renderTable, type Style } from '@tether-demo/kit';

/** What one kind of traffic (with or without an affinity id) cost during a section. */
export interface TrafficUsage {
  responses: number;
  input_tokens: number;
  cached_tokens: number;
  /** Share of input tokens served from the provider's prompt cache, 0–1. */
  cached_share: number;
  estimated_cost_usd: number;
}

/** A section's traffic without and with affinity; `null` when that run did not happen or was not measured. */
export interface CacheComparison {
  without_affinity: TrafficUsage | null;
  with_affinity: TrafficUsage | null;
}

type Totals = Omit<TrafficUsage, 'cached_share'>;
type Snapshot = { pinned: Totals; unpinned: Totals };

const ZERO: Totals = { responses: 0, input_tokens: 0, cached_tokens: 0, estimated_cost_usd: 0 };

/** The gateway's own tally (`/dashboard/data`): traffic served under a pin vs routed without one. */
async function snapshot(gatewayUrl: string): Promise<Snapshot | undefined> {
  const base = gatewayUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  try {
    const response = await fetch(`${base}/dashboard/data`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return undefined;
    const data = (await response.json()) as { cache?: { pinned: Totals; unpinned: Totals } };
    return data.cache && { pinned: pick(data.cache.pinned), unpinned: pick(data.cache.unpinned) };
  } catch {
    // A remote gateway may refuse the dashboard (admin token); the demo then shows no cost columns.
    return undefined;
  }
}

const pick = (t: Totals): Totals => ({
  responses: t.responses,
  input_tokens: t.input_tokens,
  cached_tokens: t.cached_tokens,
  estimated_cost_usd: t.estimated_cost_usd,
});

function delta(after: Totals, before: Totals): TrafficUsage | null {
  const responses = after.responses - before.responses;
  if (responses <= 0) return null;
  const input = after.input_tokens - before.input_tokens;
  const cached = after.cached_tokens - before.cached_tokens;
  return {
    responses,
    input_tokens: input,
    cached_tokens: cached,
    cached_share: input === 0 ? 0 : cached / input,
    estimated_cost_usd: Math.max(0, after.estimated_cost_usd - before.estimated_cost_usd),
  };
}

/**
 * Measures what each section's traffic cost, from the gateway's usage tally: a snapshot when a
 * section first asks for a gateway, another when it ends. Runs without affinity send no id
 * (unpinned traffic), runs with it send one (pinned traffic), so one section's two runs separate.
 */
export function createUsageMeter() {
  let before = new Map<string, Snapshot | undefined>();
  return {
    /** Call from `gatewayFor`: takes the "before" snapshot of a gateway the section is about to use. */
    async watch(url: string): Promise<string> {
      if (!before.has(url)) before.set(url, await snapshot(url));
      return url;
    },
    /** Ends the section: what its traffic cost on every gateway it used. */
    async end(): Promise<CacheComparison | null> {
      const watched = before;
      before = new Map();
      let measured = false;
      const sum = { pinned: { ...ZERO }, unpinned: { ...ZERO } };
      const base = { pinned: { ...ZERO }, unpinned: { ...ZERO } };
      for (const [url, start] of watched) {
        const end = await snapshot(url);
        if (start === undefined || end === undefined) continue;
        measured = true;
        for (const kind of ['pinned', 'unpinned'] as const) {
          for (const key of Object.keys(ZERO) as Array<keyof Totals>) {
            sum[kind][key] += end[kind][key];
            base[kind][key] += start[kind][key];
          }
        }
      }
      if (!measured) return null;
      return {
        without_affinity: delta(sum.unpinned, base.unpinned),
        with_affinity: delta(sum.pinned, base.pinned),
      };
    },
  };
}

const percent = (t: TrafficUsage | null) => (t === null ? '—' : `${(100 * t.cached_share).toFixed(1)}%`);
const dollars = (t: TrafficUsage | null) => (t === null ? '—' : `$${t.estimated_cost_usd.toFixed(4)}`);

/** The side-by-side table: cache share and estimated cost per agent, without and with affinity. */
export function formatCacheTable(
  rows: ReadonlyArray<{ id: string; cache?: CacheComparison | null | undefined }>,
  style: Style,
): string {
  const measured = rows.filter((r) => r.cache != null);
  if (measured.length === 0)
    return style.dim('Prompt cache and cost: not measured (the gateway dashboard was not reachable).');
  const body = measured.map(({ id, cache }) => {
    const without = cache?.without_affinity ?? null;
    const withA = cache?.with_affinity ?? null;
    // Signed: a pin to a pricier model can cost more even with a warmer cache; the table says so.
    const change =
      without && withA && without.estimated_cost_usd > 0
        ? `${withA.estimated_cost_usd >= without.estimated_cost_usd ? '+' : '−'}${Math.abs(
            100 * (withA.estimated_cost_usd / without.estimated_cost_usd - 1),
          ).toFixed(0)}%`
        : '—';
    return [id, percent(without), dollars(without), percent(withA), dollars(withA), change];
  });
  const table = renderTable(
    [
      { header: 'agent' },
      { header: 'cached (without)', align: 'right' },
      { header: 'cost (without)', align: 'right' },
      { header: 'cached (with)', align: 'right' },
      { header: 'cost (with)', align: 'right' },
      { header: 'cost change', align: 'right' },
    ],
    body,
    { headerStyle: style.bold },
  );
  return [
    style.bold('Prompt cache and cost, without vs with affinity'),
    "cached: share of input tokens the provider served from its prompt cache (from each response's usage);",
    'cost: estimated from the configured pricing (illustrative list prices); cost change is with vs without,',
    'so it also reflects which model the pin chose, not only the cache.',
    '',
    table,
  ].join('\n');
}

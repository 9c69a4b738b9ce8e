/** A hand-written SVG chart: horizontal grouped bars, one group per target, one bar per series. */

export interface ChartSeries {
  name: string;
  color: string;
}

export interface ChartGroup {
  label: string;
  /** One value per series, in series order; NaN draws no bar ("n/a"). */
  values: number[];
}

export interface BarChart {
  title: string;
  /** Axis unit, e.g. `µs` or `req/s`. */
  unit: string;
  series: ChartSeries[];
  groups: ChartGroup[];
  /** Log scale spreads values that differ by orders of magnitude (latency: floor vs Portkey). */
  log?: boolean;
}

const xml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function label(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  // A negative difference is noise (the target's tail was quieter than direct's): no bar.
  if (value <= 0) return '≤ 0';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)}k`;
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function tickLabel(t: number): string {
  return t >= 1000 ? `${Number((t / 1000).toPrecision(3))}k` : String(Number(t.toPrecision(3)));
}

/** Axis ticks: powers of ten on a log scale, about five round steps on a linear one. */
function ticks(max: number, log: boolean): number[] {
  if (log) {
    const out: number[] = [];
    for (let t = 1; t <= max * 1.0001; t *= 10) out.push(t);
    return out;
  }
  const raw = max / 5;
  const step = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => s >= raw) ?? step * 10;
  const out: number[] = [];
  for (let t = 0; t <= max * 1.0001; t += nice) out.push(t);
  return out;
}

/** Renders the chart as a standalone SVG document. */
export function renderBarChart(chart: BarChart): string {
  const barH = 14;
  const gap = 10;
  const labelW = 190;
  const plotW = 480;
  const top = 48;
  const groupH = chart.series.length * barH + gap;
  const height = top + chart.groups.length * groupH + 40;
  const width = labelW + plotW + 100;
  const finite = chart.groups.flatMap((g) => g.values).filter((v) => Number.isFinite(v) && v > 0);
  const rawMax = Math.max(1, ...finite);
  const log = chart.log ?? false;
  const max = log ? 10 ** Math.ceil(Math.log10(rawMax)) : rawMax * 1.1;
  const x = (v: number): number =>
    log ? (Math.log10(Math.max(1, v)) / Math.log10(max)) * plotW : (v / max) * plotW;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">${xml(chart.title)}</text>`,
  ];
  chart.series.forEach((s, i) => {
    const lx = labelW + i * 140;
    parts.push(`<rect x="${lx}" y="30" width="10" height="10" fill="${s.color}"/>`);
    parts.push(`<text x="${lx + 14}" y="39">${xml(s.name)}</text>`);
  });
  const plotBottom = top + chart.groups.length * groupH;
  for (const t of ticks(max, log)) {
    const tx = labelW + x(t);
    parts.push(`<line x1="${tx}" y1="${top - 4}" x2="${tx}" y2="${plotBottom}" stroke="#e3e3e3"/>`);
    parts.push(
      `<text x="${tx}" y="${plotBottom + 14}" text-anchor="middle" fill="#555">${tickLabel(t)}</text>`,
    );
  }
  parts.push(
    `<text x="${labelW + plotW / 2}" y="${plotBottom + 32}" text-anchor="middle" fill="#555">${xml(chart.unit)}${log ? ' (log scale)' : ''}</text>`,
  );
  chart.groups.forEach((g, gi) => {
    const gy = top + gi * groupH;
    const mid = gy + (chart.series.length * barH) / 2 + 4;
    parts.push(`<text x="${labelW - 8}" y="${mid}" text-anchor="end">${xml(g.label)}</text>`);
    g.values.forEach((v, si) => {
      const y = gy + si * barH;
      const w = Number.isFinite(v) && v > 0 ? Math.max(1, x(v)) : 0;
      const color = chart.series[si]?.color ?? '#888';
      parts.push(
        `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${color}"/>`,
      );
      parts.push(`<text x="${labelW + w + 4}" y="${y + barH - 4}" fill="#333">${label(v)}</text>`);
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

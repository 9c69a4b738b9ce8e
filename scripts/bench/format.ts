/** Number formatting for tables: medians with their min–max across runs. */
import type { Spread } from './stats.ts';

function fixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Digits that keep about three significant figures for typical magnitudes. */
function digitsFor(value: number): number {
  const abs = Math.abs(value);
  if (abs >= 100) return 0;
  if (abs >= 10) return 1;
  return 2;
}

export function num(value: number, digits = digitsFor(value)): string {
  return fixed(value, digits);
}

/** `median (min–max)`, or just the median when there was one run. */
export function withSpread(s: Spread, unit = '', digits?: number): string {
  const d = digits ?? digitsFor(s.median);
  if (!Number.isFinite(s.median)) return 'failed';
  const head = `${fixed(s.median, d)}${unit}`;
  return s.min === s.max ? head : `${head} (${fixed(s.min, d)}–${fixed(s.max, d)})`;
}

/** `1.23×` */
export function ratio(s: Spread): string {
  return Number.isFinite(s.median) ? `${fixed(s.median, 2)}×` : '–';
}

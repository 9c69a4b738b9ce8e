/** A system prompt well past the 1,024-token cache minimum (sim-models counts ~4 characters a token). */
export function longSystem(flavour = 'research'): string {
  return Array.from(
    { length: 60 },
    (_, i) =>
      `Rule ${i + 1} of the ${flavour} agent: cite the benchmark, state the workload, keep claims testable.`,
  ).join('\n');
}

/** Reads one sample of a metric from `/metrics` text (0 when absent). */
export function sample(text: string, name: string, labels: string): number {
  const head = labels === '' ? `${name} ` : `${name}{${labels}}`;
  const line = text.split('\n').find((l) => l.startsWith(head));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

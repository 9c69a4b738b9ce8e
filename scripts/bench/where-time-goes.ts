/**
 * "Where the time goes": the profile of a pinned request, before and after issue 17's hot-path
 * work. Measured with `scripts/profile/` (CPU profiles and interleaved in-process stage timings),
 * not by `bun run bench`, so it is kept here as text and re-emitted with every report.
 */
export function whereTheTimeGoes(): string {
  return ['## Where the time goes', '', 'TODO'].join('\n');
}

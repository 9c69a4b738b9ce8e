/** Checks a target really answers before it is measured: status 200 and a body with `choices` (`output` for the Responses API). */
import { MODES, requestBody, type Target } from './overhead.ts';

/** `null` when both modes answer properly, else why not (shown in the report). */
export async function verifyTarget(target: Target): Promise<string | null> {
  for (const mode of MODES) {
    const headers: Record<string, string> = { ...target.headers };
    if (target.affinity) headers[target.affinity.header] = `${target.affinity.prefix}-verify`;
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers,
        body: requestBody(target, mode),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      if (res.status !== 200) return `${mode}: HTTP ${res.status}: ${text.slice(0, 300)}`;
      const field = target.api === 'responses' ? '"output"' : '"choices"';
      if (!text.includes(field)) return `${mode}: 200 without ${field}: ${text.slice(0, 300)}`;
      if (mode === 'stream' && !text.includes('data:')) return `stream: not SSE: ${text.slice(0, 300)}`;
    } catch (error) {
      return `${mode}: ${String(error)}`;
    }
  }
  return null;
}

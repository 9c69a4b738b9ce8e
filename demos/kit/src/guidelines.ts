import { randomUUID } from 'node:crypto';

// Real agents send long, stable prompt prefixes (instructions, tool manuals); providers cache them
// from 1,024 tokens on. The demo agents carry these working rules so the prompt caches (and what
// affinity saves on them) show up in `usage`, as they would with a real agent.
const RULES = [
  'Answer the question that was asked; say so plainly when a step cannot be completed.',
  'Cite the benchmark, case study or document behind every number you state.',
  'State the workload a figure was measured under: data size, concurrency, hardware and read/write mix.',
  'Prefer measurements from the last three years; flag anything older as possibly out of date.',
  'Separate facts from judgement: first what the sources say, then what you conclude from it.',
  'When two sources disagree, report both figures and explain the difference in method.',
  'Keep units consistent: requests per second, milliseconds at the 99th percentile, gigabytes.',
  'Name the version of every product you discuss; behaviour changes between major releases.',
  'Do not invent tool results; if a tool fails, say which one and continue with what you have.',
  'Call tools only for facts you do not already have in the conversation.',
  'Keep intermediate answers short; the final report carries the full reasoning.',
  'Write schemas and code that run as written, with the dialect named in a comment.',
  'Mention operational costs: backups, upgrades, failover drills and on-call load.',
  'List the risks of a recommendation and what would make you change it.',
  'Prefer boring, well-understood technology unless the requirements rule it out.',
  'Quote configuration keys and commands exactly, in code formatting.',
  'Never include credentials, personal data or internal hostnames in an answer.',
  'When asked to compare, use the same criteria, in the same order, for every option.',
  'Summarise each step in one sentence before moving to the next.',
  'End the final report with a short, unambiguous recommendation.',
];

/**
 * The long, stable part of a demo agent's system prompt (about 1,500 tokens: past every provider's
 * 1,024-token cache minimum). `run` opens it, so two runs of the same agent never share a cached
 * prefix and the with/without-affinity comparison stays fair.
 */
export function agentGuidelines(run: string = randomUUID()): string {
  const lines = [`Run ${run}. Working rules, in order of priority:`];
  for (let round = 1; round <= 3; round++) {
    RULES.forEach((rule, i) => {
      lines.push(`${round}.${i + 1} ${rule}`);
    });
  }
  return lines.join('\n');
}

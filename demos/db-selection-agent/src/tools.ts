import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import {
  BENCHMARKS,
  CASE_STUDIES,
  DATABASES,
  type Database,
  FEATURE_SUPPORT,
  FEATURES,
  type Feature,
  INDUSTRIES,
  type Industry,
  WORKLOADS,
  type Workload,
} from './data.ts';

/** The three tools offered to the model on every turn (OpenAI function-tool format). */
export const TOOL_DEFINITIONS: ChatCompletionFunctionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_db_benchmarks',
      description:
        'Look up throughput and p99 latency benchmarks of candidate databases for a workload type.',
      parameters: {
        type: 'object',
        properties: { workload_type: { type: 'string', enum: [...WORKLOADS] } },
        required: ['workload_type'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_case_studies',
      description: 'Look up case studies of companies in an industry and the database they run.',
      parameters: {
        type: 'object',
        properties: { industry: { type: 'string', enum: [...INDUSTRIES] } },
        required: ['industry'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'check_feature_support',
      description: 'Check whether a database supports a feature.',
      parameters: {
        type: 'object',
        properties: {
          database: { type: 'string', enum: [...DATABASES] },
          feature: { type: 'string', enum: [...FEATURES] },
        },
        required: ['database', 'feature'],
      },
    },
  },
];

/** Names of the tools the agent can run. */
export type ToolName = 'get_db_benchmarks' | 'get_case_studies' | 'check_feature_support';

// Models paraphrase enum values ("E-commerce", "postgres"); match leniently rather than fail the turn.
const pick = <T extends string>(options: readonly T[], value: unknown): T | undefined => {
  if (typeof value !== 'string') return undefined;
  const key = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key === '') return undefined;
  return options.find((o) => {
    const k = o.toLowerCase().replace(/[^a-z0-9]/g, '');
    return k === key || k.startsWith(key) || key.startsWith(k);
  });
};

const unknownArg = (name: string, known: readonly string[], value: unknown) => ({
  error: `unknown ${name} ${JSON.stringify(value)}`,
  known,
});

/**
 * Runs one tool against the simulated data and returns its JSON-serialisable result. Bad arguments
 * produce an `{error, known}` result the model can read, not an exception.
 *
 * @example
 * runTool('check_feature_support', { database: 'PostgreSQL', feature: 'joins' });
 * // { database: 'PostgreSQL', feature: 'joins', supported: 'yes', notes: '…' }
 */
export function runTool(name: string, args: Record<string, unknown>): unknown {
  switch (name) {
    case 'get_db_benchmarks': {
      const workload: Workload | undefined = pick(WORKLOADS, args.workload_type);
      if (!workload) return unknownArg('workload_type', WORKLOADS, args.workload_type);
      return { workload_type: workload, results: BENCHMARKS[workload], source: 'simulated benchmark suite' };
    }
    case 'get_case_studies': {
      const industry: Industry | undefined = pick(INDUSTRIES, args.industry);
      if (!industry) return unknownArg('industry', INDUSTRIES, args.industry);
      return { industry, case_studies: CASE_STUDIES[industry] };
    }
    case 'check_feature_support': {
      const database: Database | undefined = pick(DATABASES, args.database);
      const feature: Feature | undefined = pick(FEATURES, args.feature);
      if (!database) return unknownArg('database', DATABASES, args.database);
      if (!feature) return unknownArg('feature', FEATURES, args.feature);
      return { database, feature, ...FEATURE_SUPPORT[database][feature] };
    }
    default:
      return {
        error: `unknown tool ${JSON.stringify(name)}`,
        known: TOOL_DEFINITIONS.map((t) => t.function.name),
      };
  }
}

/** Parses a tool call's JSON arguments; anything but an object becomes `{}`. */
export function parseArguments(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

#!/usr/bin/env bun
import { parseArgs } from 'node:util';
import { startSimModels } from './server.ts';

const HELP = `sim-models: simulated OpenAI and Anthropic upstreams for offline demos, tests and benchmarks.

Usage: bun run sim-models [options]

Options:
  --port <n>            TCP port (0 = any free port)          default 12100
  --host <addr>         interface to bind                     default 127.0.0.1
  --max-tool-rounds <n> tool-calling rounds before answering  default 3
  --latency-ms <n>      added latency before every response   default 0
  --ttft-ms <n>         streaming: time to first chunk        default 0
  --chunk-delay-ms <n>  streaming: delay between chunks       default 0
  --prompt-cache-ttl-ms <n>  prompt-cache model: prefix lifetime  default 300000
  --response-ttl-ms <n>      stored /v1/responses lifetime        default 3600000
  --quiet               don't log injected faults
  -h, --help            show this help

Endpoints: POST /v1/chat/completions, POST /v1/responses, GET|DELETE /v1/responses/{id},
  POST /v1/messages, POST /v1/embeddings, GET /v1/models.
Per-request headers: x-sim-latency-ms, x-sim-ttft-ms, x-sim-chunk-delay-ms,
  x-sim-fail: 429|500|503|<4xx/5xx>|timeout|reset|malformed|cut-stream|stream-error,
  x-sim-fail-model: <model[,model]> (fail only those models), x-sim-fail-once: <key>,
  x-sim-fixed: tiny (or model "sim-tiny"). Every response carries x-sim-model: true.`;

function num(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`sim-models: --${name} expects a non-negative number, got "${value}"`);
    process.exit(2);
  }
  return n;
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'max-tool-rounds': { type: 'string' },
      'latency-ms': { type: 'string' },
      'ttft-ms': { type: 'string' },
      'chunk-delay-ms': { type: 'string' },
      'prompt-cache-ttl-ms': { type: 'string' },
      'response-ttl-ms': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}
try {
  args = parse();
} catch (error) {
  console.error(`sim-models: ${(error as Error).message}\n\n${HELP}`);
  process.exit(2);
}
const { values } = args;
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

try {
  const sim = await startSimModels({
    port: num(values.port, 'port', 12100),
    host: values.host ?? '127.0.0.1',
    maxToolRounds: num(values['max-tool-rounds'], 'max-tool-rounds', 3),
    latencyMs: num(values['latency-ms'], 'latency-ms', 0),
    ttftMs: num(values['ttft-ms'], 'ttft-ms', 0),
    chunkDelayMs: num(values['chunk-delay-ms'], 'chunk-delay-ms', 0),
    promptCacheTtlMs: num(values['prompt-cache-ttl-ms'], 'prompt-cache-ttl-ms', 300_000),
    responseTtlMs: num(values['response-ttl-ms'], 'response-ttl-ms', 3_600_000),
    quiet: values.quiet ?? false,
  });
  console.log(`sim-models (simulated LLM upstreams) listening on ${sim.url}`);
  console.log(`  OpenAI base URL: ${sim.url}/v1   Anthropic base URL: ${sim.url}`);
  const shutdown = async (signal: string) => {
    console.log(`sim-models: ${signal}, stopping`);
    await sim.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`sim-models: could not start: ${(error as Error).message}`);
  process.exit(1);
}

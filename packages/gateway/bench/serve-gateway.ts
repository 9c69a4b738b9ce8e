// Runs one gateway for the benchmark in its own process, so the load generator does not share
// its event loop. Usage: bun bench/serve-gateway.ts <port> <sim-url> <memory|redis> [redis-url]
import { createGateway } from '../src/app.ts';
import { parseConfig } from '../src/config/load.ts';
import { silentLogger } from '../src/logger.ts';

const [port = '0', simUrl, storeType = 'memory', redisUrl = ''] = Bun.argv.slice(2);
if (!simUrl) throw new Error('usage: serve-gateway.ts <port> <sim-url> <memory|redis> [redis-url]');
const cache = storeType === 'redis' ? `\n  session_cache: {type: redis, url: "${redisUrl}"}` : '';
const config = parseConfig(
  `
model_providers:
  - model: openai/sim-tiny
    base_url: ${simUrl}/v1
    default: true
  - model: anthropic/claude-sonnet-4
    base_url: ${simUrl}/v1
routing_preferences:
  - name: code_generation
    description: generating new code, implementing functions, classes, SQL schemas and ORM models
    models: [openai/sim-tiny]
  - name: complex_reasoning
    description: deep analysis, comparing options, evaluating trade-offs and recommending a choice
    models: [anthropic/claude-sonnet-4]
routing:
  session_ttl_seconds: 3600${cache}
`,
  'bench.yaml',
  { env: {} },
);
const app = createGateway(config, { logger: silentLogger });
app.listen({ port: Number(port), hostname: '127.0.0.1' });
process.once('SIGTERM', async () => {
  await app.stop();
  process.exit(0);
});

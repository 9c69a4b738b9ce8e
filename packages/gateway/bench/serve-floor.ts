// The floor of any proxy: a bare Bun.serve that forwards the body to sim-models with fetch and
// returns the answer. The gateway's overhead minus this row is what Tether's own code costs.
// Usage: bun bench/serve-floor.ts <port> <sim-url>
const [port = '0', simUrl] = Bun.argv.slice(2);
if (!simUrl) throw new Error('usage: serve-floor.ts <port> <sim-url>');
const upstream = `${simUrl}/v1/chat/completions`;
const server = Bun.serve({
  port: Number(port),
  hostname: '127.0.0.1',
  async fetch(request) {
    if (request.method === 'GET') return new Response('ok');
    const body = (await request.json()) as Record<string, unknown>;
    const response = await fetch(upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, model: 'sim-tiny' }),
    });
    return new Response(await response.text(), { headers: { 'content-type': 'application/json' } });
  },
});
process.once('SIGTERM', () => {
  server.stop(true);
  process.exit(0);
});

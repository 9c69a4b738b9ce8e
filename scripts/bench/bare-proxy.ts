// The floor: the least a Bun process can do to add one HTTP hop. It reads the request body, fetches
// the same path from the upstream over keep-alive and returns the upstream Response as is (streamed
// bodies stay streamed). No parsing, no routing, no logging.
// Usage: bun scripts/bench/bare-proxy.ts <port> <upstream origin>
const port = Number(process.argv[2]);
const upstream = process.argv[3] ?? '';
if (!Number.isInteger(port) || !upstream.startsWith('http')) {
  console.error('usage: bare-proxy.ts <port> <upstream origin>');
  process.exit(2);
}

Bun.serve({
  port,
  hostname: '127.0.0.1',
  async fetch(req) {
    const { pathname, search } = new URL(req.url);
    const headers = new Headers(req.headers);
    headers.delete('host');
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
    return fetch(upstream + pathname + search, { method: req.method, headers, body });
  },
});

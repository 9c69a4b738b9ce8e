// Loaded into Portkey's Node process with `node --import`. Under Node, `fetch()` returns a Response
// whose headers are immutable; Portkey's streaming path appends headers to the upstream Response and
// fails with `TypeError: immutable`. Re-creating the Response (same status, headers and body stream)
// gives it mutable headers. Only streamed (SSE) responses are re-created, so the non-streaming path
// is measured exactly as Portkey ships it.
const upstreamFetch = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const response = await upstreamFetch(input, init);
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream')) return response;
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};

/**
 * The path and query of a request, read without `new URL(request.url)`: an HTTP/1.0 request with no
 * `Host` header (what HAProxy's default `option httpchk` sends) reaches the server with a relative
 * `request.url` such as `/healthz`, on which `new URL` throws. No hook may assume an absolute URL.
 *
 * @example
 * requestTarget(new Request('http://h/v1/models?x=1')); // { path: '/v1/models', query: 'x=1' }
 */
export function requestTarget(request: Request): { path: string; query: string } {
  const url = request.url;
  let start = 0;
  if (!url.startsWith('/')) {
    const scheme = url.indexOf('://');
    const slash = scheme === -1 ? -1 : url.indexOf('/', scheme + 3);
    if (slash === -1) return { path: '/', query: queryOf(url, url.indexOf('?')) };
    start = slash;
  }
  const mark = url.indexOf('?', start);
  const hash = url.indexOf('#', start);
  const end = mark !== -1 ? mark : hash !== -1 ? hash : url.length;
  return { path: url.slice(start, end), query: queryOf(url, mark) };
}

function queryOf(url: string, mark: number): string {
  if (mark === -1) return '';
  const hash = url.indexOf('#', mark);
  return url.slice(mark + 1, hash === -1 ? url.length : hash);
}

/** The request's path (no query), whatever form `request.url` has. */
export function requestPath(request: Request): string {
  return requestTarget(request).path;
}

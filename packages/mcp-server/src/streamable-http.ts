import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { createTetherMcpServer } from './server.ts';
import type { TetherControl } from './types.ts';

/**
 * Serves one MCP Streamable HTTP request (Web-standard `Request` → `Response`) in stateless mode:
 * a fresh server and transport per request, JSON responses, no session ids, so any replica can answer
 * any request. Only `POST` carries MCP messages here; `GET` (server-initiated stream) and `DELETE`
 * (session end) have nothing to do without sessions and answer 405.
 * @example app.post('/mcp', ({ request }) => handleMcpHttpRequest(request, control))
 */
export async function handleMcpHttpRequest(request: Request, control: TetherControl): Promise<Response> {
  if (request.method !== 'POST') {
    return Response.json(
      {
        jsonrpc: '2.0',
        error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless, use POST.' },
        id: null,
      },
      { status: 405, headers: { allow: 'POST' } },
    );
  }
  const server = createTetherMcpServer(control);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    // With JSON responses the reply is complete once handleRequest resolves; nothing outlives the request.
    await server.close();
  }
}

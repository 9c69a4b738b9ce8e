import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { connect } from 'node:net';
import { startTestGateway, type TestGateway } from '../test-support/index.ts';

// HTTP/1.0 without `Host` (HAProxy's default `option httpchk`) reaches the app with a relative
// `request.url`; every endpoint must still answer as usual, never a 500.

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(
    'model_providers:\n  - model: openai/gpt-4o\n    access_key: k\n    default: true\n',
  );
});
afterAll(() => gw.stop());

/** Sends `head` (+ `body`) on a raw socket and returns the status code and body of the answer. */
function raw(head: string, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(gw.port, '127.0.0.1', () =>
      socket.write(
        `${head}\r\n${body === '' ? '' : `Content-Length: ${Buffer.byteLength(body)}\r\n`}\r\n${body}`,
      ),
    );
    let text = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const [status = '', ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(status.split(' ')[1] ?? 0), body: rest.join('\r\n\r\n') });
    });
  });
}

describe('HTTP/1.0 without Host', () => {
  test('GET /healthz answers 200', async () => {
    const answer = await raw('GET /healthz HTTP/1.0');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).status).toBe('ok');
  });

  test('every other endpoint answers as it would over HTTP/1.1', async () => {
    const chat = JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    const mcp = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const cases: Array<[string, string, number]> = [
      ['GET /v1/models HTTP/1.0', '', 200],
      ['GET /metrics HTTP/1.0', '', 200],
      ['GET /dashboard/data?token=x HTTP/1.0', '', 200],
      ['GET /affinity/v1/nobody HTTP/1.0', '', 404],
      ['POST /v1/chat/completions HTTP/1.0\r\nContent-Type: application/json', chat, 200],
      ['POST /routing/v1/chat/completions HTTP/1.0\r\nContent-Type: application/json', chat, 200],
      ['POST /v1/messages HTTP/1.0\r\nContent-Type: application/json', '{}', 400],
      [
        'POST /mcp HTTP/1.0\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream',
        mcp,
        200,
      ],
      ['GET /nope HTTP/1.0', '', 404],
    ];
    for (const [head, body, status] of cases) {
      const answer = await raw(head, body);
      expect({ head, status: answer.status }).toEqual({ head, status });
    }
    // The Anthropic path still answers in Anthropic's error shape (decided from the relative path).
    expect(JSON.parse((await raw('POST /v1/messages HTTP/1.0', '{}')).body).type).toBe('error');
  });
});

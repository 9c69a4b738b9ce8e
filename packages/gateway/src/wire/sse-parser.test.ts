import { describe, expect, test } from 'bun:test';
import { SSEEventTooLargeError, SSEParser } from './sse-parser.ts';

const encoder = new TextEncoder();

describe('SSEParser', () => {
  test('reports where whole events end, so a relay can pass those bytes on unchanged', () => {
    const parser = new SSEParser();
    const chunk = encoder.encode('data: a\n\ndata: b\r\n\r\ndata: c');
    const { events, boundary } = parser.push(chunk);
    expect(events).toEqual([{ data: 'a' }, { data: 'b' }]);
    expect(new TextDecoder().decode(chunk.subarray(0, boundary))).toBe('data: a\n\ndata: b\r\n\r\n');
    expect(parser.push(encoder.encode('\n')).boundary).toBe(-1);
    expect(parser.push(encoder.encode('\n')).events).toEqual([{ data: 'c' }]);
  });

  test('an unfinished line longer than maxEventBytes throws, whatever the chunk size', () => {
    for (const size of [1, 7, 4096]) {
      const parser = new SSEParser(1000);
      const piece = encoder.encode('x'.repeat(size));
      expect(() => {
        parser.push(encoder.encode('data: '));
        for (let sent = 0; sent < 2000; sent += size) parser.push(piece);
      }).toThrow(SSEEventTooLargeError);
    }
  });

  test('an event of many short lines is bounded too (comments included)', () => {
    const parser = new SSEParser(1000);
    expect(() => {
      for (let i = 0; i < 200; i++) parser.push(encoder.encode(': keep-alive\n'));
    }).toThrow(SSEEventTooLargeError);
    const fine = new SSEParser(1000);
    for (let i = 0; i < 200; i++) fine.push(encoder.encode(': keep-alive\n\n'));
  });

  test('a large event split into a million 1-byte chunks is parsed without rescanning (finishes)', () => {
    const parser = new SSEParser(2 * 1024 * 1024);
    const payload = `data: ${'y'.repeat(1_000_000)}\n\n`;
    const bytes = encoder.encode(payload);
    let events = 0;
    for (let i = 0; i < bytes.length; i++) events += parser.push(bytes.subarray(i, i + 1)).events.length;
    expect(events).toBe(1);
  });

  test('end() hands back the event no blank line dispatched', () => {
    const parser = new SSEParser();
    parser.push(encoder.encode('data: [DONE]'));
    expect(parser.end()).toEqual({ data: '[DONE]' });
  });
});

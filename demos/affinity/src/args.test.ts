import { describe, expect, test } from 'bun:test';
import { chooseMode, parseDemoArgs } from './args.ts';

describe('parseDemoArgs', () => {
  test('defaults', () => {
    expect(parseDemoArgs([])).toEqual({ json: false, gateway: undefined, help: false });
  });

  test('--json and --gateway', () => {
    expect(parseDemoArgs(['--json', '--gateway', 'http://127.0.0.1:12000'])).toEqual({
      json: true,
      gateway: 'http://127.0.0.1:12000',
      help: false,
    });
  });

  test('rejects unknown flags and a gateway that is not a URL', () => {
    expect(() => parseDemoArgs(['--jsn'])).toThrow();
    expect(() => parseDemoArgs(['--gateway', 'localhost'])).toThrow('--gateway expects a URL');
  });
});

describe('chooseMode', () => {
  const none = { json: false, gateway: undefined, help: false };

  test('no keys → simulated; one key is not enough', () => {
    expect(chooseMode(none, {})).toEqual({ kind: 'simulated' });
    expect(chooseMode(none, { OPENAI_API_KEY: 'k' })).toEqual({ kind: 'simulated' });
  });

  test('both keys → real providers', () => {
    expect(chooseMode(none, { OPENAI_API_KEY: 'a', ANTHROPIC_API_KEY: 'b' })).toEqual({ kind: 'real' });
  });

  test('--gateway wins over keys', () => {
    const args = { ...none, gateway: 'http://127.0.0.1:9' };
    expect(chooseMode(args, { OPENAI_API_KEY: 'a', ANTHROPIC_API_KEY: 'b' })).toEqual({
      kind: 'external',
      gatewayUrl: 'http://127.0.0.1:9',
    });
  });
});

import { describe, expect, test } from 'bun:test';
import { CliUsageError, parseCliArgs } from './cli-args.ts';

describe('parseCliArgs', () => {
  test('flags win over the environment', () => {
    const options = parseCliArgs(['--gateway', 'http://127.0.0.1:1', '--token', 'a'], {
      TETHER_GATEWAY_URL: 'http://127.0.0.1:2',
      TETHER_ADMIN_TOKEN: 'b',
    });
    expect(options).toEqual({ gateway: 'http://127.0.0.1:1', token: 'a', headers: {} });
  });

  test('the environment alone is enough', () => {
    expect(parseCliArgs([], { TETHER_GATEWAY_URL: 'http://h:1', TETHER_ADMIN_TOKEN: 't' })).toEqual({
      gateway: 'http://h:1',
      token: 't',
      headers: {},
    });
  });

  test('--header is repeatable and split at the first colon', () => {
    const options = parseCliArgs(
      ['--gateway', 'http://h', '--header', 'X-Tenant: acme', '--header', 'X-A:b:c'],
      {},
    );
    expect(options).toMatchObject({ headers: { 'X-Tenant': 'acme', 'X-A': 'b:c' } });
  });

  test('bad command lines are usage errors', () => {
    expect(() => parseCliArgs([], {})).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--gateway', 'ftp://h'], {})).toThrow('http(s) URL');
    expect(() => parseCliArgs(['--gateway', 'http://h', '--nope'], {})).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--gateway', 'http://h', '--header', 'novalue'], {})).toThrow('Name: value');
  });

  test('--help', () => {
    expect(parseCliArgs(['--help'], {})).toBe('help');
  });
});

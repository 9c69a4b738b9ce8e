import { describe, expect, test } from 'bun:test';
import { LOCAL_DEFAULT_TTL, parseVerifyArgs, REMOTE_DEFAULT_TTL } from './args.ts';

function options(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseVerifyArgs(argv, env);
  if (!parsed.ok) throw new Error(`expected success, got: ${parsed.error}`);
  return parsed.options;
}

function error(argv: string[]): string {
  const parsed = parseVerifyArgs(argv);
  if (parsed.ok) throw new Error(`expected an error for ${argv.join(' ')}`);
  return parsed.error;
}

describe('parseVerifyArgs', () => {
  test('no arguments: a local run with a short TTL that phase 5 can wait out', () => {
    const o = options([]);
    expect(o.replicas).toEqual([]);
    expect(o.redis).toBeUndefined();
    expect(o.ttl).toBe(LOCAL_DEFAULT_TTL);
    expect(o.sessions).toBeGreaterThan(0);
    expect(o.rounds).toBeGreaterThan(1);
    expect(o.json).toBe(false);
    expect(o.keyPrefix).toBe('tether:affinity:');
  });

  test('--replicas and --redis: a remote run, trailing slashes dropped, gateway default TTL', () => {
    const o = options([
      '--replicas',
      'http://10.0.0.5:12000/, https://gw-b.internal',
      '--redis',
      'rediss://:pw@r:6380',
    ]);
    expect(o.replicas).toEqual(['http://10.0.0.5:12000', 'https://gw-b.internal']);
    expect(o.redis).toBe('rediss://:pw@r:6380');
    expect(o.ttl).toBe(REMOTE_DEFAULT_TTL);
  });

  test('counts, TTL, token from the environment, flags', () => {
    const o = options(
      [
        '--sessions',
        '3',
        '--rounds',
        '7',
        '--race-sessions',
        '50',
        '--ttl',
        '2',
        '--json',
        '--key-prefix',
        'x:',
      ],
      { TETHER_ADMIN_TOKEN: 'secret' },
    );
    expect([o.sessions, o.rounds, o.raceSessions, o.ttl]).toEqual([3, 7, 50, 2]);
    expect(o.adminToken).toBe('secret');
    expect(o.json).toBe(true);
    expect(o.keyPrefix).toBe('x:');
    expect(options(['--admin-token', 'flag'], { TETHER_ADMIN_TOKEN: 'env' }).adminToken).toBe('flag');
  });

  test('-h and --help', () => {
    expect(options(['-h']).help).toBe(true);
    expect(options(['--help']).help).toBe(true);
  });

  test('rejects what an operator could get wrong, saying what was expected', () => {
    expect(error(['--sessions', 'ten'])).toContain('--sessions expects a whole number');
    expect(error(['--rounds', '0'])).toContain('--rounds must be between 1');
    expect(error(['--ttl', '-3'])).toContain('--ttl');
    expect(error(['--replicas', 'http://a:1'])).toContain('needs --redis');
    expect(error(['--replicas', 'ftp://a:1', '--redis', 'redis://r'])).toContain('http://');
    expect(error(['--replicas', 'nope', '--redis', 'redis://r'])).toContain('not a URL');
    expect(error(['--replicas', 'http://a:1', '--redis', 'http://r'])).toContain('redis:// or rediss://');
    expect(error(['--redis', 'redis://r'])).toContain('only used with --replicas');
    expect(error(['--allow-outage'])).toContain('only applies with --replicas');
    expect(error(['--ttl', '600'])).toContain('60 s or less');
    expect(error(['--sesions', '3'])).toContain('sesions');
  });

  test('--allow-outage with --replicas', () => {
    expect(
      options(['--replicas', 'http://a:1', '--redis', 'redis://r:1', '--allow-outage']).allowOutage,
    ).toBe(true);
  });
});

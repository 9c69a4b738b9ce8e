import { describe, expect, test } from 'bun:test';
import { parseConfig } from '../config/load.ts';
import { BUN_MAX_IDLE_TIMEOUT_S, listenOptions } from './listen-options.ts';

const config = (extra: string, listener = '') =>
  parseConfig(
    `${listener}model_providers:\n  - model: openai/gpt-4o\n    access_key: k\n    default: true\n${extra}`,
    'test.yaml',
    { env: {} },
  );

describe('listenOptions', () => {
  test('the server idle timeout outlasts every configured wait (defaults: 60 s + 5 s)', () => {
    expect(listenOptions(config(''))).toEqual({ idleTimeout: 65, reusePort: false });
    const slow = config('    stream_idle_timeout_ms: 120000\n  - model: openai/b\n    timeout_ms: 90500\n');
    expect(listenOptions(slow).idleTimeout).toBe(125);
  });

  test(`past Bun's ${BUN_MAX_IDLE_TIMEOUT_S} s maximum the server idle timeout is off, never shorter`, () => {
    expect(listenOptions(config('    timeout_ms: 300000\n')).idleTimeout).toBe(0);
  });

  test('reusePort only when listeners[].reuse_port asks for it', () => {
    const shared = config('', 'listeners:\n  - type: model\n    port: 12000\n    reuse_port: true\n');
    expect(listenOptions(shared).reusePort).toBe(true);
  });
});

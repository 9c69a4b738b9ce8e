import { describe, expect, test } from 'bun:test';
import { FailOnceRegistry, parseFault, readKnobs } from './knobs.ts';
import { simModelsOptionsSchema } from './options.ts';

const defaults = simModelsOptionsSchema.parse({ latencyMs: 5 });
const knobs = (headers: Record<string, string>, model = 'gpt-4o', registry = new FailOnceRegistry()) =>
  readKnobs(new Headers(headers), model, defaults, registry);

describe('knobs', () => {
  test('parses every x-sim-fail value and ignores unknown ones', () => {
    expect(parseFault('429')).toEqual({ status: 429 });
    expect(parseFault(' Reset ')).toBe('reset');
    expect(parseFault('cut-stream')).toBe('cut-stream');
    expect(parseFault('200')).toBeUndefined();
    expect(parseFault('explode')).toBeUndefined();
  });

  test('header delays override the server defaults', () => {
    expect(knobs({}).latencyMs).toBe(5);
    expect(
      knobs({ 'x-sim-latency-ms': '20', 'x-sim-ttft-ms': '7', 'x-sim-chunk-delay-ms': '3' }),
    ).toMatchObject({
      latencyMs: 20,
      ttftMs: 7,
      chunkDelayMs: 3,
    });
    expect(knobs({ 'x-sim-latency-ms': 'soon' }).latencyMs).toBe(5);
  });

  test('x-sim-fail-model limits the fault to the listed models', () => {
    const headers = { 'x-sim-fail': '503', 'x-sim-fail-model': 'a, b' };
    expect(knobs(headers, 'b').fault).toEqual({ status: 503 });
    expect(knobs(headers, 'c').fault).toBeUndefined();
  });

  test('x-sim-fail-once fails the first request per key only', () => {
    const registry = new FailOnceRegistry();
    const headers = { 'x-sim-fail': 'reset', 'x-sim-fail-once': 'k1' };
    expect(knobs(headers, 'm', registry).fault).toBe('reset');
    expect(knobs(headers, 'm', registry).fault).toBeUndefined();
    expect(knobs({ ...headers, 'x-sim-fail-once': 'k2' }, 'm', registry).fault).toBe('reset');
  });

  test('tiny by header or by the sim-tiny model', () => {
    expect(knobs({ 'x-sim-fixed': 'tiny' }).tiny).toBe(true);
    expect(knobs({}, 'sim-tiny').tiny).toBe(true);
    expect(knobs({}).tiny).toBe(false);
  });
});

import { describe, expect, test } from 'bun:test';
import { ConfigError } from './config-error.ts';
import { parseConfig } from './load.ts';

const parse = (text: string) => parseConfig(text, 'gw.yaml', { env: {} });
const errorOf = (text: string): ConfigError => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('model_providers[].pricing and the prompt-cache keys', () => {
  test('pricing resolves with its defaults; absent pricing means tokens only', () => {
    const config = parse(`
model_providers:
  - model: openai/gpt-4o
    pricing: { input_per_million: 2.5, output_per_million: 10 }
  - model: anthropic/claude-sonnet-4
    pricing: { input_per_million: 3, cached_input_per_million: 0.3, output_per_million: 15, cache_write_per_million: 3.75 }
  - model: openai/gpt-4o-mini
routing:
  affinity: { implicit_sessions: true, reroute_on_prefix_drift: true, switch_cost_usd: 0.01 }
prompt_caching: { anthropic_markers: true, prefix_hash_header: true }
`);
    expect(config.modelsByName.get('openai/gpt-4o')?.pricing).toEqual({
      input: 2.5,
      cachedInput: 2.5,
      output: 10,
      cacheWrite: 2.5,
    });
    expect(config.modelsByName.get('anthropic/claude-sonnet-4')?.pricing).toEqual({
      input: 3,
      cachedInput: 0.3,
      output: 15,
      cacheWrite: 3.75,
    });
    expect(config.modelsByName.get('openai/gpt-4o-mini')?.pricing).toBeUndefined();
    expect(config.routing.affinity).toMatchObject({
      implicitSessions: true,
      rerouteOnPrefixDrift: true,
      switchCostUsd: 0.01,
    });
    expect(config.promptCaching).toEqual({ anthropicMarkers: true, prefixHashHeader: true });
  });

  test('defaults: everything off', () => {
    const config = parse('model_providers: [{model: openai/gpt-4o}]\n');
    expect(config.routing.affinity).toMatchObject({ implicitSessions: false, rerouteOnPrefixDrift: false });
    expect(config.routing.affinity.switchCostUsd).toBeUndefined();
    expect(config.promptCaching).toEqual({ anthropicMarkers: false, prefixHashHeader: false });
  });

  test('negative or non-numeric prices are config errors naming the key', () => {
    const error = errorOf(`
model_providers:
  - model: openai/gpt-4o
    pricing: { input_per_million: -1, cached_input_per_million: cheap, output_per_million: 10 }
routing:
  affinity: { switch_cost_usd: -0.5 }
`);
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'model_providers[0].pricing.input_per_million',
        'model_providers[0].pricing.cached_input_per_million',
        'routing.affinity.switch_cost_usd',
      ]),
    );
    expect(errorOf('model_providers: [{model: a/b, pricing: {output_per_million: 1}}]\n').message).toContain(
      'pricing.input_per_million',
    );
    expect(errorOf('model_providers: [{model: a/b, pricing: {input_per_milion: 1}}]\n').message).toContain(
      'did you mean "input_per_million"?',
    );
  });
});

import { describe, expect, test } from 'bun:test';
import { ConfigError } from './config-error.ts';
import { parseConfig } from './load.ts';

const errorOf = (text: string): ConfigError => {
  try {
    parseConfig(text, 'gw.yaml', { env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('parseConfig', () => {
  test("accepts Plano's shape: listeners, model_providers, top-level routing_preferences, aliases", () => {
    const config = parseConfig(
      `
version: v0.3.0
listeners:
  - type: model
    name: egress
    port: 12001
    address: 0.0.0.0
model_providers:
  - model: openai/gpt-4o
    access_key: $OPENAI_API_KEY
    default: true
  - model: anthropic/claude-sonnet-4
    access_key: \${ANTHROPIC_API_KEY}
  - model: ollama/qwen3
    base_url: http://127.0.0.1:11434/v1
    provider_interface: openai
routing_preferences:
  - name: code
    description: write code
    models: [anthropic/claude-sonnet-4, openai/gpt-4o]
model_aliases:
  smart: { target: openai/gpt-4o }
`,
      'gw.yaml',
      { env: { OPENAI_API_KEY: 'sk-openai', ANTHROPIC_API_KEY: 'sk-ant' } },
    );
    expect(config.listener).toEqual({ port: 12001, host: '0.0.0.0' });
    expect(config.defaultModel).toBe('openai/gpt-4o');
    const claude = config.modelsByName.get('anthropic/claude-sonnet-4');
    expect(claude).toMatchObject({
      provider: 'anthropic',
      upstreamModel: 'claude-sonnet-4',
      interface: 'anthropic',
      baseUrl: 'https://api.anthropic.com/v1',
      apiKey: 'sk-ant',
    });
    expect(config.modelsByName.get('openai/gpt-4o')?.apiKey).toBe('sk-openai');
    expect(config.modelsByName.get('ollama/qwen3')?.apiKey).toBeUndefined();
    expect(config.routes).toEqual([
      {
        name: 'code',
        description: 'write code',
        examples: [],
        models: ['anthropic/claude-sonnet-4', 'openai/gpt-4o'],
      },
    ]);
    expect(config.aliases).toEqual({ smart: 'openai/gpt-4o' });
    expect(config.routing.sessionTtlSeconds).toBe(600);
    expect(config.routing.sessionMaxEntries).toBe(10_000);
    expect(config.routing.router.type).toBe('local');
    expect(config.maxBodyBytes).toBe(10 * 1024 * 1024);
  });

  test('accepts the older llm_providers name with inline routing_preferences', () => {
    const config = parseConfig(
      `
llm_providers:
  - model: openai/gpt-4o-mini
    default: true
  - model: anthropic/claude-sonnet-4
    routing_preferences:
      - name: code generation
        description: generating new code snippets
`,
      'old.yaml',
      { env: {} },
    );
    expect(config.routes).toEqual([
      {
        name: 'code generation',
        description: 'generating new code snippets',
        examples: [],
        models: ['anthropic/claude-sonnet-4'],
      },
    ]);
  });

  test('a missing $ENV_VAR leaves the key unset and is reported as a warning without the value', () => {
    const config = parseConfig('model_providers: [{model: openai/gpt-4o, access_key: $NOPE_KEY}]', 'a.yaml', {
      env: {},
    });
    expect(config.modelsByName.get('openai/gpt-4o')?.apiKey).toBeUndefined();
    expect(config.warnings.join()).toContain('NOPE_KEY');
  });

  test('the provider key falls back to the conventional environment variable', () => {
    const config = parseConfig('model_providers: [{model: openai/gpt-4o}]', 'a.yaml', {
      env: { OPENAI_API_KEY: 'sk-env' },
    });
    expect(config.modelsByName.get('openai/gpt-4o')?.apiKey).toBe('sk-env');
  });

  test('an unknown key names file, path and line, with a near-miss hint', () => {
    const error = errorOf('model_providers: [{model: openai/gpt-4o}]\nrouting:\n  session_ttl_second: 30\n');
    expect(error.message).toContain('gw.yaml:3');
    expect(error.message).toContain('routing.session_ttl_second');
    expect(error.message).toContain('did you mean "session_ttl_seconds"?');
  });

  test('bad values say what was expected', () => {
    const error = errorOf(
      'model_providers: [{model: gpt-4o}]\nrouting:\n  session_ttl_seconds: soon\n  session_cache: {type: memcached}\n',
    );
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'model_providers[0].model',
        'routing.session_ttl_seconds',
        'routing.session_cache.type',
      ]),
    );
    expect(error.message).toContain('provider/model');
    expect(error.message).toContain('expected number');
    expect(error.message).toContain('"memory", "redis"');
  });

  test('cross-references are checked: route models, alias targets, one default, redis url', () => {
    const error = errorOf(`
model_providers:
  - {model: openai/gpt-4o, default: true}
  - {model: openai/gpt-4o-mini, default: true}
routing_preferences:
  - {name: code, description: code, models: [openai/gpt-4oo]}
model_aliases:
  fast: {target: openai/nope}
routing:
  session_cache: {type: redis}
`);
    const text = error.message;
    expect(text).toContain(
      'routing_preferences[0].models[0]: unknown model "openai/gpt-4oo" (did you mean "openai/gpt-4o"?)',
    );
    expect(text).toContain('model_aliases.fast.target');
    expect(text).toContain('only one model may be default');
    expect(text).toContain('type redis needs a url');
  });

  test('session_max_entries has no upper cap; routing.affinity is a strict object', () => {
    const config = parseConfig(
      'model_providers: [{model: openai/gpt-4o}]\nrouting: {session_max_entries: 5000000, affinity: {}}',
      'a.yaml',
      { env: {} },
    );
    expect(config.routing.sessionMaxEntries).toBe(5_000_000);
    expect(
      errorOf('model_providers: [{model: openai/gpt-4o}]\nrouting: {affinity: {pin_untill: done}}').message,
    ).toContain('routing.affinity.pin_untill');
  });

  test('YAML syntax errors carry the line', () => {
    expect(errorOf('model_providers:\n  - model: [unclosed\n').message).toMatch(/gw\.yaml:\d+ .*YAML syntax/);
  });
});

import { resolveTracing } from '../observability/tracing-config.ts';
import { knownProviders } from '../providers/registry.ts';
import { camelize } from './camelize.ts';
import type { ConfigIssue } from './config-error.ts';
import { type Env, substituteEnv } from './env.ts';
import { nearMiss } from './near-miss.ts';
import type { ModelProviderConfig, RawConfig } from './schema.ts';
import type { ModelPricing, ResolvedConfig, ResolvedModel, ResolvedRoute } from './types.ts';

type Path = Array<string | number>;

/**
 * Turns a schema-valid config into a `ResolvedConfig`: splits `provider/model`, picks base URLs and
 * wire formats, substitutes `$ENV_VAR`s, and checks cross-references (defaults, route models,
 * alias targets). Problems are pushed to `issues` with their YAML path.
 */
export function resolveConfig(
  raw: RawConfig,
  file: string,
  env: Env,
  issues: Array<ConfigIssue & { rawPath: Path }>,
): ResolvedConfig {
  const warnings: string[] = [];
  const problem = (rawPath: Path, message: string) => issues.push({ path: '', message, rawPath });
  const subst = (value: string | undefined, where: string) =>
    substituteEnv(value, env, (name) => warnings.push(`${where}: environment variable ${name} is not set`));

  const providersKey = raw.model_providers ? 'model_providers' : 'llm_providers';
  if (raw.model_providers && raw.llm_providers) {
    problem(['llm_providers'], 'use either model_providers or its older name llm_providers, not both');
  }
  const entries = raw.model_providers ?? raw.llm_providers ?? [];
  const models: ResolvedModel[] = [];
  const modelsByName = new Map<string, ResolvedModel>();
  const routes: ResolvedRoute[] = [];

  entries.forEach((entry, i) => {
    const model = resolveModel(entry, env, subst, `${providersKey}[${i}]`, (p, m) =>
      problem([providersKey, i, ...p], m),
    );
    if (!model) return;
    if (modelsByName.has(model.name)) {
      problem([providersKey, i, 'model'], `model "${model.name}" is configured twice`);
      return;
    }
    models.push(model);
    modelsByName.set(model.name, model);
    for (const pref of entry.routing_preferences ?? []) {
      routes.push({
        name: pref.name,
        description: pref.description,
        examples: pref.examples ?? [],
        models: [model.name],
      });
    }
  });
  if (entries.length === 0) problem([], 'expected at least one entry in model_providers');

  const defaults = models.filter((m) => m.isDefault);
  if (defaults.length > 1) {
    problem([providersKey], `only one model may be default; found ${defaults.map((m) => m.name).join(', ')}`);
  }
  const names = [...modelsByName.keys()];
  const checkModel = (name: string, path: Path) => {
    if (modelsByName.has(name)) return;
    const hint = nearMiss(name, names);
    problem(
      path,
      `unknown model "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; configured: ${names.join(', ')}`,
    );
  };

  (raw.routing_preferences ?? []).forEach((pref, i) => {
    pref.models.forEach((m, j) => {
      checkModel(m, ['routing_preferences', i, 'models', j]);
    });
    routes.push({
      name: pref.name,
      description: pref.description,
      examples: pref.examples ?? [],
      models: pref.models,
    });
  });
  const seenRoutes = new Set<string>();
  for (const route of routes) {
    if (route.name === 'other' || route.name === 'none') {
      problem(['routing_preferences'], `route name "${route.name}" is reserved (it means "no route")`);
    }
    if (seenRoutes.has(route.name))
      problem(['routing_preferences'], `route "${route.name}" is defined twice`);
    seenRoutes.add(route.name);
  }

  const aliases: Record<string, string> = {};
  for (const [alias, { target }] of Object.entries(raw.model_aliases ?? {})) {
    checkModel(target, ['model_aliases', alias, 'target']);
    if (modelsByName.has(alias))
      problem(['model_aliases', alias], `alias "${alias}" shadows a configured model`);
    aliases[alias] = target;
  }

  const { routing } = raw;
  const cache = routing.session_cache;
  const router = routing.router;
  const cacheUrl = subst(cache.url, 'routing.session_cache.url');
  if (cache.type === 'redis') {
    const sources = [cache.url, cache.sentinels, cache.cluster_nodes].filter((v) => v !== undefined).length;
    if (sources === 0)
      problem(['routing', 'session_cache'], 'type redis needs a url (or sentinels, or cluster_nodes)');
    if (sources > 1)
      problem(['routing', 'session_cache'], 'give only one of url, sentinels and cluster_nodes');
    if (cache.sentinels && !cache.sentinel_name)
      problem(['routing', 'session_cache', 'sentinel_name'], 'sentinels need a sentinel_name');
  }
  if (router.type === 'llm' && !router.base_url && !(router.model && modelsByName.has(router.model))) {
    problem(['routing', 'router'], 'type llm needs base_url (or model naming a configured model)');
  }
  const routerModel = router.model ? modelsByName.get(router.model) : undefined;

  const listener = (raw.listeners ?? []).find((l) => l.type === 'model');
  const {
    version: _version,
    listeners: _listeners,
    model_providers: _providers,
    llm_providers: _llmProviders,
    routing_preferences: _preferences,
    model_aliases: _aliases,
    routing: _routing,
    admin_token: adminToken,
    tracing,
    endpoints: _endpoints,
    overrides: _overrides,
    ...scalars
  } = raw;
  const { session_cache: _cache, router: _router, affinity, ...routingScalars } = routing;
  const { access_key: routerKey, ...routerRest } = router;
  return {
    ...camelize(scalars),
    file,
    listener: {
      port: listener?.port ?? 12000,
      host: listener?.host ?? listener?.address ?? '127.0.0.1',
      ...(listener?.reuse_port === true ? { reusePort: true } : {}),
    },
    models,
    modelsByName,
    defaultModel: defaults[0]?.name,
    aliases,
    routes,
    routing: {
      ...camelize(routingScalars),
      sessionCache: {
        ...camelize(cache),
        url: cacheUrl,
        tenantHeader: cache.tenant_header?.toLowerCase(),
        username: subst(cache.username, 'routing.session_cache.username'),
        password: subst(cache.password, 'routing.session_cache.password'),
      },
      router: {
        ...camelize(routerRest),
        model: routerModel ? routerModel.upstreamModel : router.model,
        baseUrl: router.base_url ?? (routerModel ? routerModel.baseUrl : undefined),
        apiKey:
          subst(routerKey, 'routing.router.access_key') ?? (routerModel ? routerModel.apiKey : undefined),
      },
      affinity: {
        ...camelize(affinity),
        maxTtlSeconds: affinity.max_ttl_seconds ?? Math.max(86_400, routing.session_ttl_seconds),
      },
    },
    adminToken: subst(adminToken, 'admin_token'),
    tracing: resolveTracing(tracing, env),
    warnings,
  };
}

function resolveModel(
  entry: ModelProviderConfig,
  env: Env,
  subst: (v: string | undefined, where: string) => string | undefined,
  where: string,
  problem: (path: Path, message: string) => void,
): ResolvedModel | undefined {
  const slash = entry.model.indexOf('/');
  const provider = entry.model.slice(0, slash);
  const upstreamModel = entry.model.slice(slash + 1);
  const known = Object.hasOwn(knownProviders, provider) ? knownProviders[provider] : undefined;
  const baseUrl = entry.base_url ?? known?.baseUrl;
  if (!baseUrl) {
    problem(['base_url'], `provider "${provider}" has no known default base URL; set base_url`);
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry.headers ?? {}))
    headers[k] = subst(v, `${where}.headers.${k}`) ?? '';
  const fromEnv = known?.apiKeyEnv ? env[known.apiKeyEnv] : undefined;
  const {
    model: _model,
    access_key: accessKey,
    base_url: _baseUrl,
    default: isDefault,
    provider_interface: wire,
    headers: _headers,
    routing_preferences: _preferences,
    name: _displayName,
    pricing,
    responses_api: responsesApi,
    ...settings
  } = entry;
  const iface = wire ?? known?.interface ?? (provider === 'anthropic' ? 'anthropic' : 'openai');
  if (responsesApi === 'native' && iface !== 'openai')
    problem(['responses_api'], 'responses_api: native needs an OpenAI-interface provider; use translate');
  return {
    ...camelize(settings),
    name: entry.model,
    provider,
    upstreamModel,
    interface: iface,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiKey: accessKey !== undefined ? subst(accessKey, `${where}.access_key`) : fromEnv || undefined,
    headers,
    isDefault,
    ...(pricing === undefined ? {} : { pricing: resolvePricing(pricing) }),
    responsesApi:
      iface === 'openai' ? (responsesApi ?? (provider === 'openai' ? 'native' : 'translate')) : 'translate',
  };
}

function resolvePricing(p: NonNullable<ModelProviderConfig['pricing']>): ModelPricing {
  return {
    input: p.input_per_million,
    cachedInput: p.cached_input_per_million ?? p.input_per_million,
    output: p.output_per_million,
    cacheWrite: p.cache_write_per_million ?? p.input_per_million,
  };
}

import { resolveTracing } from '../observability/tracing-config.ts';
import { knownProviders } from '../providers/registry.ts';
import type { ConfigIssue } from './config-error.ts';
import { type Env, substituteEnv } from './env.ts';
import { nearMiss } from './near-miss.ts';
import type { ModelProviderConfig, RawConfig } from './schema.ts';
import type { ResolvedConfig, ResolvedModel, ResolvedRoute } from './types.ts';

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

  const routing = raw.routing;
  const cache = routing?.session_cache;
  const router = routing?.router;
  const cacheUrl = subst(cache?.url, 'routing.session_cache.url');
  if (cache?.type === 'redis') {
    const sources = [cache.url, cache.sentinels, cache.cluster_nodes].filter((v) => v !== undefined).length;
    if (sources === 0)
      problem(['routing', 'session_cache'], 'type redis needs a url (or sentinels, or cluster_nodes)');
    if (sources > 1)
      problem(['routing', 'session_cache'], 'give only one of url, sentinels and cluster_nodes');
    if (cache.sentinels && !cache.sentinel_name)
      problem(['routing', 'session_cache', 'sentinel_name'], 'sentinels need a sentinel_name');
  }
  const routerType = router?.type ?? 'local';
  if (routerType === 'llm' && !router?.base_url && !(router?.model && modelsByName.has(router.model))) {
    problem(['routing', 'router'], 'type llm needs base_url (or model naming a configured model)');
  }
  const routerModel = router?.model && modelsByName.get(router.model);

  const listener = (raw.listeners ?? []).find((l) => l.type === 'model');
  return {
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
      sessionTtlSeconds: routing?.session_ttl_seconds ?? 600,
      sessionMaxEntries: routing?.session_max_entries ?? 10_000,
      responseTtlSeconds: routing?.response_ttl_seconds ?? 3600,
      responseMaxEntries: routing?.response_max_entries ?? 1000,
      sessionCache: {
        type: cache?.type ?? 'memory',
        url: cacheUrl,
        tenantHeader: cache?.tenant_header?.toLowerCase(),
        keyPrefix: cache?.key_prefix ?? 'tether:affinity:',
        timeoutMs: cache?.timeout_ms ?? 100,
        connectTimeoutMs: cache?.connect_timeout_ms ?? 500,
        ...(cache?.sentinels ? { sentinels: cache.sentinels, sentinelName: cache.sentinel_name } : {}),
        ...(cache?.cluster_nodes ? { clusterNodes: cache.cluster_nodes } : {}),
        ...(cache?.username ? { username: subst(cache.username, 'routing.session_cache.username') } : {}),
        ...(cache?.password ? { password: subst(cache.password, 'routing.session_cache.password') } : {}),
      },
      router: {
        type: routerType,
        model: routerModel ? routerModel.upstreamModel : router?.model,
        baseUrl: router?.base_url ?? (routerModel ? routerModel.baseUrl : undefined),
        apiKey:
          subst(router?.access_key, 'routing.router.access_key') ??
          (routerModel ? routerModel.apiKey : undefined),
        timeoutMs: router?.timeout_ms ?? 2000,
        minScore: router?.min_score ?? 0.2,
        maxContextTokens: router?.max_context_tokens ?? 2048,
      },
      affinity: {
        adoptSessionHeaders: routing?.affinity?.adopt_session_headers ?? false,
        pinUntil: routing?.affinity?.pin_until ?? 'ttl',
        ttlMode: routing?.affinity?.ttl_mode ?? 'fixed',
        maxTtlSeconds:
          routing?.affinity?.max_ttl_seconds ?? Math.max(86_400, routing?.session_ttl_seconds ?? 600),
        onUpstreamError: routing?.affinity?.on_upstream_error ?? 'fail',
      },
    },
    adminToken: subst(raw.admin_token, 'admin_token'),
    tracing: resolveTracing(raw.tracing, env),
    logging: { level: raw.logging?.level ?? 'info', includeContent: raw.logging?.include_content ?? false },
    maxBodyBytes: raw.max_body_bytes,
    bodyTimeoutMs: raw.body_timeout_ms,
    shutdownGraceMs: raw.shutdown_grace_ms,
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
  const iface =
    entry.provider_interface ?? known?.interface ?? (provider === 'anthropic' ? 'anthropic' : 'openai');
  if (entry.responses_api === 'native' && iface !== 'openai')
    problem(['responses_api'], 'responses_api: native needs an OpenAI-interface provider; use translate');
  return {
    name: entry.model,
    provider,
    upstreamModel,
    interface: iface,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiKey:
      entry.access_key !== undefined ? subst(entry.access_key, `${where}.access_key`) : fromEnv || undefined,
    headers,
    passthroughAuth: entry.passthrough_auth ?? false,
    timeoutMs: entry.timeout_ms ?? 60_000,
    maxResponseBytes: entry.max_response_bytes ?? 32 * 1024 * 1024,
    maxEventBytes: entry.max_event_bytes ?? 1024 * 1024,
    streamIdleTimeoutMs: entry.stream_idle_timeout_ms ?? 60_000,
    isDefault: entry.default ?? false,
    responsesApi:
      iface === 'openai'
        ? (entry.responses_api ?? (provider === 'openai' ? 'native' : 'translate'))
        : 'translate',
  };
}

import type { ResolvedConfig } from '../config/types.ts';

/**
 * Human-readable summary of a resolved config for `tether validate`: models, aliases, routes,
 * routing and affinity settings. Never prints keys; only whether one is set.
 */
export function describeConfig(config: ResolvedConfig): string {
  const lines: string[] = [`${config.file}: ok`, '', 'models:'];
  for (const m of config.models) {
    const flags = [
      m.isDefault ? 'default' : '',
      m.passthroughAuth ? 'passthrough_auth' : '',
      m.apiKey ? 'key set' : 'no key',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${m.name}  (${m.interface} → ${m.baseUrl}, upstream model ${m.upstreamModel}; ${flags})`);
  }
  lines.push('', 'aliases:');
  const aliases = Object.entries(config.aliases);
  if (aliases.length === 0) lines.push('  (none)');
  for (const [alias, target] of aliases) lines.push(`  ${alias} → ${target}`);
  lines.push('', 'routes:');
  if (config.routes.length === 0) lines.push('  (none)');
  for (const r of config.routes) lines.push(`  ${r.name} → ${r.models.join(', ')}: ${r.description}`);
  const { routing } = config;
  const cache = routing.sessionCache;
  lines.push(
    '',
    `router: ${routing.router.type}${routing.router.type === 'llm' ? ` (${routing.router.model ?? 'Arch-Router'} at ${routing.router.baseUrl})` : ''}`,
    `default model: ${config.defaultModel ?? '(none)'}`,
    `client model: ${routing.clientModel}` +
      (routing.clientModel === 'route'
        ? ' (a named model is routed and pinned; it serves when no route matches; X-Tether-Routing: off serves it as is)'
        : ' (a configured model name bypasses the router and is never pinned; auto and unknown names are routed)'),
    `affinity: ${cache.type} store, ttl ${routing.sessionTtlSeconds}s` +
      (cache.type === 'memory' ? `, max ${routing.sessionMaxEntries} entries` : '') +
      (cache.type === 'redis'
        ? cache.nearCache.enabled
          ? `, near cache max ${cache.nearCache.maxEntries} entries`
          : ', near cache off'
        : '') +
      (cache.tenantHeader ? `, tenant header ${cache.tenantHeader}` : ''),
    `listener: ${config.listener.host}:${config.listener.port}`,
  );
  for (const w of config.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

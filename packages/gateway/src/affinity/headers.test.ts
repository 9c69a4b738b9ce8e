import { describe, expect, test } from 'bun:test';
import { GatewayError } from '../errors.ts';
import { NO_TENANT, readAffinityScope } from './headers.ts';

const scope = (headers: Record<string, string>, tenantHeader?: string) =>
  readAffinityScope(new Headers(headers), tenantHeader);
const fails = (headers: Record<string, string>, tenantHeader?: string) => {
  try {
    scope(headers, tenantHeader);
  } catch (error) {
    return GatewayError.isInstance(error) ? `${error.status} ${error.code}` : 'other';
  }
  return 'ok';
};

describe('readAffinityScope', () => {
  test('X-Model-Affinity, and X-Session-Id as the older name', () => {
    expect(scope({ 'X-Model-Affinity': 'abc' })).toEqual({ id: 'abc', tenant: undefined });
    expect(scope({ 'X-Session-Id': 'old' })).toEqual({ id: 'old', tenant: undefined });
    expect(scope({ 'X-Model-Affinity': 'new', 'X-Session-Id': 'old' }).id).toBe('new');
    expect(scope({})).toEqual({ id: undefined, tenant: undefined });
  });

  test('ids are 1-256 printable ASCII characters, else 400', () => {
    expect(fails({ 'x-model-affinity': 'a'.repeat(256) })).toBe('ok');
    expect(fails({ 'x-model-affinity': 'a b:c/d~' })).toBe('ok');
    expect(fails({ 'x-model-affinity': 'a'.repeat(257) })).toBe('400 invalid_affinity_id');
    expect(fails({ 'x-session-id': 'caf\u00e9' })).toBe('400 invalid_affinity_id');
  });

  test('the tenant header scopes pins; absent means a shared no-tenant scope', () => {
    expect(scope({ 'x-model-affinity': 'a', 'x-tenant': 'acme' }, 'x-tenant')).toEqual({
      id: 'a',
      tenant: 'acme',
    });
    expect(scope({ 'x-model-affinity': 'a' }, 'x-tenant').tenant).toBe(NO_TENANT);
    expect(fails({ 'x-model-affinity': 'a', 'x-tenant': 'a:b' }, 'x-tenant')).toBe('400 invalid_affinity_id');
  });
});

import { describe, expect, test } from 'bun:test';
import { redactSecrets } from './redact-secret.ts';

const KEY = 'sk-live-0123456789abcdef+/x';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('redactSecrets', () => {
  test('the key raw, URL-encoded, base64 (of the key and of "Bearer <key>"), base64url, unpadded', () => {
    const forms = [
      KEY,
      encodeURIComponent(KEY),
      b64(KEY),
      b64(KEY).replace(/=+$/, ''),
      b64(`Bearer ${KEY}`),
      Buffer.from(KEY).toString('base64url'),
      Buffer.from(`Bearer ${KEY}`).toString('base64url'),
    ];
    for (const form of forms) {
      const out = redactSecrets(`invalid credentials: ${form} (check it)`, [KEY]);
      expect(out).toBe('invalid credentials: [redacted] (check it)');
    }
  });

  test('short or absent secrets leave the text alone', () => {
    expect(redactSecrets('abc and more', ['abc', undefined])).toBe('abc and more');
  });
});

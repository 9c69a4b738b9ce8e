/** Below this length a "secret" is too short to search for without mangling ordinary text. */
const MIN_SECRET_LENGTH = 4;
const REDACTED = '[redacted]';

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/**
 * The ways an upstream may echo a key back in an error: as sent, URL-encoded, JSON-escaped, and
 * base64 (standard and URL-safe, with and without padding) of the key alone and of `Bearer <key>`
 * (what a Basic/Bearer-decoding proxy prints). Longest first, so a longer form is replaced whole.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  for (const plain of [secret, `Bearer ${secret}`]) {
    const standard = base64(plain);
    forms.add(standard);
    forms.add(standard.replace(/=+$/, ''));
    forms.add(base64url(plain));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/**
 * Replaces every form of every secret in `text` with `[redacted]`. Secrets shorter than 4
 * characters are ignored (they would match ordinary words).
 *
 * @example
 * redactSecrets('bad key c2stMTIzNA==', ['sk-1234']); // 'bad key [redacted]'
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of secretForms(secret)) if (out.includes(form)) out = out.replaceAll(form, REDACTED);
  }
  return out;
}

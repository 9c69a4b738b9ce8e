// The kinds of hostile request the fuzz generator makes; its own module so the generator and the
// endpoint descriptions can both name them without importing each other.

export type FuzzKind =
  | 'malformed-json'
  | 'truncated-json'
  | 'not-an-object'
  | 'wrong-type'
  | 'over-limit'
  | 'over-limit-chunked'
  | 'over-limit-declared'
  | 'deep-nesting'
  | 'invalid-utf8'
  | 'oversized-header'
  | 'long-affinity'
  | 'control-char-affinity'
  | 'crlf-affinity'
  | 'non-ascii-affinity'
  | 'bad-tenant'
  | 'unknown-model'
  | 'empty-messages';

export const FUZZ_KINDS: readonly FuzzKind[] = [
  'malformed-json',
  'truncated-json',
  'not-an-object',
  'wrong-type',
  'over-limit',
  'over-limit-chunked',
  'over-limit-declared',
  'deep-nesting',
  'invalid-utf8',
  'oversized-header',
  'long-affinity',
  'control-char-affinity',
  'crlf-affinity',
  'non-ascii-affinity',
  'bad-tenant',
  'unknown-model',
  'empty-messages',
];

import { z } from 'zod';

/**
 * An affinity id as the gateway accepts it in `X-Model-Affinity`: 1–256 printable ASCII characters.
 * Checked here too so a model gets a precise message before any request is made.
 */
export const affinityIdSchema = z
  .string()
  .min(1, 'the affinity id is empty')
  .max(256, 'the affinity id is longer than 256 characters')
  .regex(/^[\x20-\x7e]+$/, 'the affinity id must be printable ASCII');

/** A fresh affinity id, `aff_` + 24 random hex characters, e.g. `aff_3f9c0b1e2d4a5c6b7e8f9a0b`. */
export function newAffinityId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return 'aff_' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

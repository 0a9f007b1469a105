/**
 * Bearer secrets (sessions, access tokens, device tokens, links): random bytes from the CSPRNG,
 * stored only as SHA-256. High-entropy tokens need no slow hash; a stolen table reveals nothing usable.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret of `bytes` random bytes (default 32 = 256 bits), URL-safe, with an optional recognisable prefix. */
export function newSecret(bytes = 32, prefix = ''): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two strings in time independent of where they differ. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

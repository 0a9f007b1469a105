/**
 * Claim codes: what is printed on a device's label (and in its QR code) to prove the holder has the device.
 * 10 characters of Crockford's Base32 (≈ 50 bits), shown as XXXXX-XXXXX; no I, L, O or U, so nothing is
 * misread, and what people type is forgiven (case, dashes, spaces, O for 0, I/L for 1). Stored as an HMAC
 * keyed by a server secret: a stolen table cannot be searched for codes.
 *
 * Why guessing is not limited per device (security/rate-limits.ts): 32^10 = 2^50 ≈ 1.1·10^15 codes, so each
 * guess — whatever serial it names — is right with probability 2^-50, and the expected number of devices an
 * attacker takes is simply guesses × 2^-50. Wrong guesses are limited to 10 an hour per account (each account
 * needs a phone proven by SMS) and 30 an hour per address. A botnet of 10,000 addresses with 10,000 accounts
 * makes at most 100,000 guesses an hour, 8.8·10^8 a year: about one chance in 1.3 million of taking any one
 * device a year, spread over all of them. A per-device limit would add nothing to that, and would let anyone
 * who knows a serial lock its owner out.
 */
import { randomInt } from 'node:crypto';
import { hmac } from '../security/secret-key.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CLAIM_CODE_LENGTH = 10;

export function newClaimCode(): string {
  let code = '';
  for (let i = 0; i < CLAIM_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The canonical form of a typed code, or null when it cannot be one. */
export function normalizeClaimCode(input: string): string | null {
  const code = (input ?? '')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CLAIM_CODE_LENGTH || [...code].some((c) => !ALPHABET.includes(c))) return null;
  return code;
}

export function hashClaimCode(key: string, serial: string, code: string): string {
  return hmac(key, `${serial}:${code}`);
}

/** Where the QR code on a label leads: the cabinet's binding page with both fields filled in. */
export function bindUrl(publicUrl: string, serial: string, code: string): string {
  return `${publicUrl}/bind?serial=${encodeURIComponent(serial)}&code=${encodeURIComponent(code)}`;
}

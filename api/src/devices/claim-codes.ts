/**
 * Claim codes: what is printed on a device's label (and in its QR code) to prove the holder has the device.
 * 10 characters of Crockford's Base32 (≈ 50 bits), shown as XXXXX-XXXXX; no I, L, O or U, so nothing is
 * misread, and what people type is forgiven (case, dashes, spaces, O for 0, I/L for 1). Stored as an HMAC
 * keyed by a server secret: a stolen table cannot be searched for codes.
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

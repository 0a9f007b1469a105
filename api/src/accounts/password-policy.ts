/**
 * Password rules: OWASP ASVS 5.0 length (8 by default, configurable down to the seed's 6; at most 128), no
 * composition rules, a deny list of common passwords. The seed asks for Latin characters: printable ASCII only,
 * and a password typed in the Russian layout gets a message that says so.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { because, type Because } from '../errors/reasons.js';

// ~49,000 passwords seen most in breaches (zxcvbn-ts), compared case-insensitively.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
const CYRILLIC = /[\u0400-\u04FF]/;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

export interface PasswordRules {
  minLength: number;
  maxLength: number;
}

/** The reason a password is refused (its `message` is the Russian sentence), or null when it is acceptable. */
export function passwordProblem(password: string, rules: PasswordRules, personal: Array<string | null | undefined> = []): Because | null {
  if (CYRILLIC.test(password)) return because('PASSWORD_RUSSIAN_LAYOUT');
  if (!PRINTABLE_ASCII.test(password)) return because('PASSWORD_CHARACTERS');
  if (password.length < rules.minLength) return because('PASSWORD_TOO_SHORT', { minLength: rules.minLength });
  if (password.length > rules.maxLength) return because('PASSWORD_TOO_LONG', { maxLength: rules.maxLength });
  if (COMMON.has(password.toLowerCase())) return because('PASSWORD_COMMON');
  const lower = password.toLowerCase();
  const digits = password.replace(/\D/g, '');
  for (const p of personal) {
    if (!p) continue;
    const sameText = lower === p.toLowerCase() || (p.includes('@') && lower === p.split('@')[0].toLowerCase());
    // Only digits, and the last ten of them are the phone number: the phone in some notation.
    const samePhone = digits.length === password.length && digits.length >= 10 && p.replace(/\D/g, '').endsWith(digits.slice(-10));
    if (sameText || samePhone) return because('PASSWORD_PERSONAL');
  }
  return null;
}

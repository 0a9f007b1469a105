/**
 * Password rules: OWASP ASVS 5.0 length (8 by default, configurable down to the seed's 6; at most 128), no
 * composition rules, a deny list of common passwords. The seed asks for Latin characters: printable ASCII only,
 * and a password typed in the Russian layout gets a message that says so.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

// ~49,000 passwords seen most in breaches (zxcvbn-ts), compared case-insensitively.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
const CYRILLIC = /[\u0400-\u04FF]/;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

export interface PasswordRules {
  minLength: number;
  maxLength: number;
}

/** The reason a password is refused, in Russian, or null when it is acceptable. */
export function passwordProblem(password: string, rules: PasswordRules, personal: Array<string | null | undefined> = []): string | null {
  if (CYRILLIC.test(password)) return 'Пароль набран в русской раскладке — переключите клавиатуру на английский язык';
  if (!PRINTABLE_ASCII.test(password)) return 'Пароль может содержать только латинские буквы, цифры и символы';
  if (password.length < rules.minLength) return `Пароль должен быть не короче ${rules.minLength} символов`;
  if (password.length > rules.maxLength) return `Пароль должен быть не длиннее ${rules.maxLength} символов`;
  if (COMMON.has(password.toLowerCase())) return 'Это один из самых распространённых паролей — придумайте другой';
  const lower = password.toLowerCase();
  const digits = password.replace(/\D/g, '');
  for (const p of personal) {
    if (!p) continue;
    const sameText = lower === p.toLowerCase() || (p.includes('@') && lower === p.split('@')[0].toLowerCase());
    // Only digits, and the last ten of them are the phone number: the phone in some notation.
    const samePhone = digits.length === password.length && digits.length >= 10 && p.replace(/\D/g, '').endsWith(digits.slice(-10));
    if (sameText || samePhone) return 'Пароль не должен совпадать с номером телефона или адресом почты';
  }
  return null;
}

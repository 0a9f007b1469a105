/**
 * What the cabinet checks in a new password before sending it: the same first rules the API applies (the API
 * also refuses common passwords and the phone or email as a password), so most mistakes show at once.
 */
import { t } from '$lib/i18n';

export interface PasswordRules {
  minLength: number;
  maxLength: number;
}

/** The API's default until accountSettings has answered. */
export const DEFAULT_RULES: PasswordRules = { minLength: 8, maxLength: 128 };

const CYRILLIC = /[\u0400-\u04FF]/;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** A Cyrillic letter means the keyboard is in the Russian layout: said as soon as it is typed. */
export function typedInRussianLayout(password: string): boolean {
  return CYRILLIC.test(password);
}

/** The reason a new password cannot be sent, or null. */
export function passwordProblem(password: string, rules: PasswordRules): string | null {
  if (!password) return t.password.required;
  if (typedInRussianLayout(password)) return t.password.cyrillic;
  if (!PRINTABLE_ASCII.test(password)) return t.password.nonAscii;
  if (password.length < rules.minLength) return t.password.tooShort(rules.minLength);
  if (password.length > rules.maxLength) return t.password.tooLong(rules.maxLength);
  return null;
}

/** Problems of a new password typed twice, by field. */
export function newPasswordProblems(password: string, repeat: string, rules: PasswordRules): { password?: string; repeat?: string } {
  const problem = passwordProblem(password, rules);
  if (problem) return { password: problem };
  if (!repeat) return { repeat: t.password.repeatRequired };
  if (repeat !== password) return { repeat: t.password.mismatch };
  return {};
}

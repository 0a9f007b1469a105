/** An email address as the API accepts it (api/src/accounts/validation.ts), checked before it is asked. */
import { apiErrorText } from '$lib/i18n';

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** What is wrong with a typed address, in the API's own words, or null. */
export function emailProblem(input: string): string | null {
  const email = input.trim();
  if (!email) return apiErrorText({ code: 'BAD_USER_INPUT', reason: 'EMAIL_REQUIRED' });
  return email.length > 254 || !EMAIL.test(email) ? apiErrorText({ code: 'BAD_USER_INPUT', reason: 'EMAIL_INVALID' }) : null;
}

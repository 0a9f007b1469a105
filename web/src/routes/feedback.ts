/** The feedback form's own checks: the same rules the API applies (api/src/support/support.service.ts). */
import { EMAIL } from '$lib/forms/email';
import { t } from '$lib/i18n';

export const MAX_MESSAGE = 5000;

const PHONE = /^\+?[\d\s()-]{10,}$/;

/** What is wrong with «email or phone», or null: an email address, or a phone number of at least 10 characters. */
export function contactProblem(input: string): string | null {
  const contact = input.trim();
  if (!contact) return t.landing.feedback.contactRequired;
  if (contact.includes('@') ? !EMAIL.test(contact) : !PHONE.test(contact) || contact.replace(/\D/g, '').length < 10) return t.landing.feedback.contactInvalid;
  return null;
}

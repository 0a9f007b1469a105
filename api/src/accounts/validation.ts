/** Checks of what people type into account forms; each failure names its field and says what to do, in Russian. */
import { UserInputError, because } from '../errors/client-errors.js';
import { normalizePhone } from './phone.js';

export function requirePhone(input: string, field = 'phone'): string {
  const phone = normalizePhone(input ?? '');
  if (!phone) throw new UserInputError(because('PHONE_REQUIRED'), field);
  return phone;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function requireEmail(input: string, field = 'email'): string {
  const email = (input ?? '').trim();
  if (!email) throw new UserInputError(because('EMAIL_REQUIRED'), field);
  if (email.length > 254 || !EMAIL.test(email)) throw new UserInputError(because('EMAIL_INVALID'), field);
  // The domain part is case-insensitive; the local part is kept as typed except for case, as mail servers do in practice.
  return email.toLowerCase();
}

export function requireName(input: string, field = 'fullName'): string {
  const name = (input ?? '').trim().replace(/\s+/g, ' ');
  if (!name) throw new UserInputError(because('FULL_NAME_REQUIRED'), field);
  if (name.length > 200) throw new UserInputError(because('FULL_NAME_TOO_LONG', { maxLength: 200 }), field);
  return name;
}

export function optionalAddress(input: string | null | undefined, field = 'address'): string | null {
  const address = (input ?? '').trim().replace(/\s+/g, ' ');
  if (address.length > 500) throw new UserInputError(because('ADDRESS_TOO_LONG', { maxLength: 500 }), field);
  return address || null;
}

export function isEmailLike(input: string): boolean {
  return input.includes('@');
}

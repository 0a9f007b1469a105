/** Checks of what people type into account forms; each failure names its field and says what to do, in Russian. */
import { UserInputError } from '../errors/client-errors.js';
import { normalizePhone } from './phone.js';

export function requirePhone(input: string, field = 'phone'): string {
  const phone = normalizePhone(input ?? '');
  if (!phone) throw new UserInputError('Введите номер мобильного телефона, например +7 900 123-45-67', field);
  return phone;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function requireEmail(input: string, field = 'email'): string {
  const email = (input ?? '').trim();
  if (!email) throw new UserInputError('Укажите адрес электронной почты', field);
  if (email.length > 254 || !EMAIL.test(email)) throw new UserInputError('Адрес электронной почты указан неверно, например ivan@example.ru', field);
  // The domain part is case-insensitive; the local part is kept as typed except for case, as mail servers do in practice.
  return email.toLowerCase();
}

export function requireName(input: string, field = 'fullName'): string {
  const name = (input ?? '').trim().replace(/\s+/g, ' ');
  if (!name) throw new UserInputError('Укажите фамилию, имя и отчество', field);
  if (name.length > 200) throw new UserInputError('Слишком длинное имя: не больше 200 символов', field);
  return name;
}

export function optionalAddress(input: string | null | undefined, field = 'address'): string | null {
  const address = (input ?? '').trim().replace(/\s+/g, ' ');
  if (address.length > 500) throw new UserInputError('Слишком длинный адрес: не больше 500 символов', field);
  return address || null;
}

export function isEmailLike(input: string): boolean {
  return input.includes('@');
}

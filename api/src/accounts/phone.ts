import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A phone number as typed («8 900 123-45-67», «+7 (900) 123 45 67») in E.164 form (+79001234567),
 * with Russia as the default region; null when it is not a valid number.
 */
export function normalizePhone(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'RU');
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

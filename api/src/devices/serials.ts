/**
 * Serial numbers as typed and as stored: a provisioned serial is upper case, starts with a letter or digit and has
 * only Latin letters, digits, «.», «-» and «_» (at most 64). Typed ones are trimmed and upper-cased; one that cannot
 * be a serial (a NUL byte, Cyrillic, 20,000 characters) is looked up nowhere — it names no device, and PostgreSQL
 * would refuse a NUL outright (an internal error instead of «not found»).
 */
export const SERIAL = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;

export const normalizeSerial = (input: string) => (input ?? '').trim().toUpperCase();

/** The serial to look up, or null for input that cannot be one. */
export function serialToFind(input: string): string | null {
  const serial = normalizeSerial(input);
  return SERIAL.test(serial) ? serial : null;
}

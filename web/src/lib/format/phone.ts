/**
 * A stored E.164 Russian number the way people write it: +79001234567 → «+7 900 123-45-67».
 * Anything else (a foreign number) is shown as stored rather than guessed at.
 */
export function formatPhone(e164: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : e164;
}

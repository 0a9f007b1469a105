/**
 * A Russian number the way people write it: +79001234567 → «+7 900 123-45-67». The stored E.164 form and the
 * ways people type one (9001234567, 8 900 123-45-67, +7 (900) 123-45-67) all come out the same, so a page can
 * repeat back what was typed before the server has answered. Anything else (a foreign number) is shown as
 * given rather than guessed at.
 */
export function formatPhone(phone: string): string {
  const compact = phone.trim().replace(/[\s()\-.]/g, '');
  const m = /^(?:\+7|8|7)?(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(compact);
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : phone.trim();
}

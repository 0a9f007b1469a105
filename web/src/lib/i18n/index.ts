/**
 * The cabinet's words. Russian by default, English when chosen with the language switch: the language is
 * picked once, when the app loads (see ./language), and switching reloads the page. That keeps every module
 * simple — formatters, catalogues and the ALTCHA strings read `t` at import time and never have to react to a
 * change — at the cost of one reload, which a person switching language does not mind.
 * Components import `t` and never write user-visible text themselves.
 */
import { chooseLanguage, storedLanguage, storeLanguage, type Language } from './language';
import { ru, type Messages } from './ru';

export type { Messages, Language };
export { LANGUAGES } from './language';

/** The language of this page load. */
export const language: Language = chooseLanguage(storedLanguage());

// English is a chunk of its own, fetched (before any page renders) only by those who chose it: the Russian
// majority does not download it. Top-level await keeps `t` a plain constant for every importer.
const english = language === 'en' ? await import('./en') : null;

/** The messages of the cabinet's language. */
export const messages: Messages = english?.en ?? ru;

/** Short alias used in components: `t.login.title`, `t.code.resendIn(42)`. */
export const t = messages;

// Screen readers, hyphenation and the browser's own controls follow <html lang>; app.html says «ru».
if (typeof document !== 'undefined') document.documentElement.lang = language;

/** «Профиль · Комета»: the document title of a page. */
export const pageTitle = (title: string) => `${title}${messages.app.titleSuffix}`;

/** Switches the language: remembered in this browser, applied by reloading the page. */
export function setLanguage(next: Language): void {
  if (next === language) return;
  storeLanguage(next);
  window.location.reload();
}

/**
 * An API error as the person should read it. The API writes its messages in Russian, which the Russian
 * cabinet shows as they are; in English a known message is translated, otherwise its code says what
 * happened, and only a message nothing here knows is shown as the API wrote it.
 */
export function apiErrorText(message: string, code: string, field?: string, retryAfter?: number): string {
  if (!english) return message;
  const { apiErrorsEn } = english;
  for (const [pattern, translated] of apiErrorsEn.messages) {
    const m = pattern.exec(message);
    if (m) return typeof translated === 'string' ? translated : translated(...m.slice(1));
  }
  if (code === 'RATE_LIMITED') return apiErrorsEn.rateLimited(retryAfter ?? null);
  if (code === 'BAD_USER_INPUT') return (field && apiErrorsEn.fields[field]) || message;
  return apiErrorsEn.codes[code] ?? message;
}

/**
 * Which language the cabinet speaks: Russian unless the person chose English with the switch. The choice is
 * kept in localStorage (per browser, also inside the installed app) and read once, when the app loads.
 */
export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Russian first: the operator's customers, the seed, the API's own messages. */
export const DEFAULT_LANGUAGE: Language = 'ru';

/** The localStorage key of the choice. */
export const LANGUAGE_KEY = 'askue.language';

/** The language for a stored choice: anything unknown (nothing stored, an old value, a typo) is the default. */
export function chooseLanguage(stored: string | null | undefined): Language {
  const value = stored?.trim().toLowerCase();
  return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : DEFAULT_LANGUAGE;
}

/** The stored choice, or null where there is no storage (tests in Node, a browser with storage blocked). */
export function storedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANGUAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Remembers the choice; false when the browser refuses to store it (the switch then cannot persist). */
export function storeLanguage(language: Language): boolean {
  try {
    globalThis.localStorage.setItem(LANGUAGE_KEY, language);
    return true;
  } catch {
    return false;
  }
}

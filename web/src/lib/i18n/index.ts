/**
 * The cabinet's words. Russian by default, English when chosen with the language switch: the language is
 * picked once, when the app loads (see ./language), and switching reloads the page. That keeps every module
 * simple — formatters, catalogues and the ALTCHA strings read `t` at import time and never have to react to a
 * change — at the cost of one reload, which a person switching language does not mind.
 * Components import `t` and never write user-visible text themselves.
 */
import { chooseLanguage, storedLanguage, storeLanguage, type Language } from './language';
import { ru, type Messages } from './ru';
import { provisioningRuleRu, reasonsRu, type ApiReason, type ProvisioningProblem } from './sections/errors';

export type { Messages, Language };
export { LANGUAGES } from './language';

/** The language of this page load. */
export const language: Language = chooseLanguage(storedLanguage());
/** The same as the API names it: what the operator's SMS and emails to this person are written in. */
export const apiLanguage = language === 'en' ? ('EN' as const) : ('RU' as const);

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

/** What is wrong in one problem of an operator's list of controllers (PROVISIONING_INVALID), without where it is. */
export function provisioningRule(problem: ProvisioningProblem): string {
  return english ? english.provisioningRuleEn(problem) : provisioningRuleRu(problem);
}

/** The params of an API error's reason (`extensions.params`). */
export type ReasonParams = Record<string, string | number>;

/**
 * An API error as the person should read it, from its stable `reason` and `params` (see ./sections/errors,
 * the catalogue of api/src/errors/reasons.ts), never from the words of its message. A reason the cabinet does
 * not know yet (a newer API) is shown in Russian as the API wrote it, since the API writes its messages for
 * people; in English, or without a reason at all (GraphQL's own errors speak to developers), its code says
 * what happened.
 */
export function apiErrorText(
  error: { reason?: string; params?: ReasonParams; problems?: ProvisioningProblem[]; code: string; message?: string; field?: string; retryAfter?: number },
): string {
  const say = error.reason ? (english ? english.reasonsEn : reasonsRu)[error.reason as ApiReason] : undefined;
  if (say) return say({ retryAfter: error.retryAfter ?? '', ...error.params }, error.problems);
  if (!english) return error.reason && error.message ? error.message : error.code === 'UNAUTHENTICATED' ? messages.errors.sessionEnded : messages.errors.generic;
  const { apiErrorsEn } = english;
  if (error.code === 'RATE_LIMITED') return apiErrorsEn.rateLimited(error.retryAfter ?? null);
  if (error.code === 'BAD_USER_INPUT' && error.field && apiErrorsEn.fields[error.field]) return apiErrorsEn.fields[error.field];
  return apiErrorsEn.codes[error.code] ?? messages.errors.generic;
}

/**
 * The cabinet's words. Russian by default, English when chosen with the language switch: the language is
 * picked once, when the app loads (see ./language), and switching reloads the page. That keeps every module
 * simple — formatters, catalogues and the ALTCHA strings read `t` at import time and never have to react to a
 * change — at the cost of one reload, which a person switching language does not mind.
 * Components import `t` and never write user-visible text themselves.
 */
import { chooseLanguage, storedLanguage, storeLanguage, type Language } from './language';
import { ru, type CoreMessages } from './ru';
import type { ApiReason, ProvisioningProblem } from './sections/errors';
import type { landingRu } from './sections/landing';
import type { operatorRu } from './sections/operator';
import type { operatorSuppliersRu } from './sections/operator-suppliers';
import type { operatorTariffsRu } from './sections/operator-tariffs';
import type { qualityRu } from './sections/quality';
import type { submissionsRu } from './sections/submissions';
import type { tariffRu } from './sections/tariff';
import type { profileRu } from './sections/profile';
import type { registerRu } from './sections/register';
import type { recoveryRu } from './sections/recovery';
import type { welcomeRu } from './sections/welcome';
import type { outboxRu } from './sections/outbox';
import type { confirmEmailRu } from './sections/confirm-email';

/**
 * The words of pages that most people never open, or not on their first visit: the operators' pages, the public
 * pages, a meter's tariff, submissions and quality, the profile, registration, recovery and the like. A route loads them before it renders (`loadSections` in its
 * +layout.ts or +page.ts), so they stay out of the first download of everyone else.
 */
type Sections = {
  landing: typeof landingRu;
  operator: typeof operatorRu;
  operatorSuppliers: typeof operatorSuppliersRu;
  operatorTariffs: typeof operatorTariffsRu;
  quality: typeof qualityRu;
  submissions: typeof submissionsRu;
  tariff: typeof tariffRu;
  profile: typeof profileRu;
  register: typeof registerRu;
  recovery: typeof recoveryRu;
  welcome: typeof welcomeRu;
  outbox: typeof outboxRu;
  confirmEmail: typeof confirmEmailRu;
};
export type Section = keyof Sections;
export type Messages = CoreMessages & Sections;
export type { Language };
export { LANGUAGES } from './language';

/** The language of this page load. */
export const language: Language = chooseLanguage(storedLanguage());
/** The same as the API names it: what the operator's SMS and emails to this person are written in. */
export const apiLanguage = language === 'en' ? ('EN' as const) : ('RU' as const);

// English is a chunk of its own, fetched (before any page renders) only by those who chose it: the Russian
// majority does not download it. Top-level await keeps `t` a plain constant for every importer.
const english = language === 'en' ? await import('./en') : null;

/** The messages of the cabinet's language; a section of `Sections` is there once a route has loaded it. */
export const messages = (english?.en ?? ru) as Messages;

const sections: { [S in Section]: () => Promise<Sections[S]> } = english
  ? {
      landing: () => import('./sections/landing.en').then((m) => m.landingEn),
      operator: () => import('./sections/operator.en').then((m) => m.operatorEn),
      operatorSuppliers: () => import('./sections/operator-suppliers.en').then((m) => m.operatorSuppliersEn),
      operatorTariffs: () => import('./sections/operator-tariffs.en').then((m) => m.operatorTariffsEn),
      quality: () => import('./sections/quality.en').then((m) => m.qualityEn),
      submissions: () => import('./sections/submissions.en').then((m) => m.submissionsEn),
      tariff: () => import('./sections/tariff.en').then((m) => m.tariffEn),
      profile: () => import('./sections/profile.en').then((m) => m.profileEn),
      register: () => import('./sections/register.en').then((m) => m.registerEn),
      recovery: () => import('./sections/recovery.en').then((m) => m.recoveryEn),
      welcome: () => import('./sections/welcome.en').then((m) => m.welcomeEn),
      outbox: () => import('./sections/outbox.en').then((m) => m.outboxEn),
      confirmEmail: () => import('./sections/confirm-email.en').then((m) => m.confirmEmailEn),
    }
  : {
      landing: () => import('./sections/landing').then((m) => m.landingRu),
      operator: () => import('./sections/operator').then((m) => m.operatorRu),
      operatorSuppliers: () => import('./sections/operator-suppliers').then((m) => m.operatorSuppliersRu),
      operatorTariffs: () => import('./sections/operator-tariffs').then((m) => m.operatorTariffsRu),
      quality: () => import('./sections/quality').then((m) => m.qualityRu),
      submissions: () => import('./sections/submissions').then((m) => m.submissionsRu),
      tariff: () => import('./sections/tariff').then((m) => m.tariffRu),
      profile: () => import('./sections/profile').then((m) => m.profileRu),
      register: () => import('./sections/register').then((m) => m.registerRu),
      recovery: () => import('./sections/recovery').then((m) => m.recoveryRu),
      welcome: () => import('./sections/welcome').then((m) => m.welcomeRu),
      outbox: () => import('./sections/outbox').then((m) => m.outboxRu),
      confirmEmail: () => import('./sections/confirm-email').then((m) => m.confirmEmailRu),
    };

/** Every section that comes with its route (the unit tests load them all). */
export const SECTIONS = Object.keys(sections) as Section[];

// Until a route loads a section, reading it says which route forgot to, instead of «cannot read properties of undefined».
for (const name of SECTIONS) {
  Object.defineProperty(messages, name, {
    configurable: true,
    enumerable: true,
    get() {
      throw new Error(`The «${name}» words were read before they were loaded: the route needs loadSections('${name}') in its load function.`);
    },
  });
}

/** Loads the sections a route's pages read (`export const load = () => loadSections('tariff')`). */
export async function loadSections(...names: Section[]): Promise<void> {
  await Promise.all(
    names.map(async (name) => {
      const words = await sections[name]();
      Object.defineProperty(messages, name, { configurable: true, enumerable: true, value: words });
    }),
  );
}

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
 * The Russian catalogue of the API's error reasons (./sections/errors, with the API's own sentences): the largest
 * part of the words, and most visits never show an error, so it comes with the first one — the API layer awaits
 * this before it makes an ApiError ($lib/api/errors), and the pages that check a form with its words load it
 * with the page. English has its catalogue in the English chunk.
 */
let russianErrors: typeof import('./sections/errors') | null = null;

/** Fetches the Russian error catalogue once (nothing to do in English); never fails. */
export async function loadErrorWords(): Promise<void> {
  if (english || russianErrors) return;
  try {
    russianErrors = await import('./sections/errors');
  } catch {
    // The chunk could not be fetched (the connection dropped just then): the API's own Russian words stand in.
  }
}

/** What is wrong in one problem of an operator's list of controllers (PROVISIONING_INVALID), without where it is. */
export function provisioningRule(problem: ProvisioningProblem): string {
  if (english) return english.provisioningRuleEn(problem);
  return russianErrors ? russianErrors.provisioningRuleRu(problem) : problem.rule;
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
  const say = error.reason ? (english ? english.reasonsEn : russianErrors?.reasonsRu)?.[error.reason as ApiReason] : undefined;
  if (say) return say({ retryAfter: error.retryAfter ?? '', ...error.params }, error.problems);
  if (!english) return error.reason && error.message ? error.message : error.code === 'UNAUTHENTICATED' ? messages.errors.sessionEnded : messages.errors.generic;
  const { apiErrorsEn } = english;
  if (error.code === 'RATE_LIMITED') return apiErrorsEn.rateLimited(error.retryAfter ?? null);
  if (error.code === 'BAD_USER_INPUT' && error.field && apiErrorsEn.fields[error.field]) return apiErrorsEn.fields[error.field];
  return apiErrorsEn.codes[error.code] ?? messages.errors.generic;
}

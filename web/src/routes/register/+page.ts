import { loadErrorWords, loadSections } from '$lib/i18n';

/** Registration's words come with the page; so does the error catalogue: the email field is checked with the API's own words (EMAIL_REQUIRED, EMAIL_INVALID). */
export const load = () => Promise.all([loadSections('register'), loadErrorWords()]);

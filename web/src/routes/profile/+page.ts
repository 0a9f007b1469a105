import { loadErrorWords, loadSections } from '$lib/i18n';

/**
 * The profile's words, and registration's (the personal details form shares its labels), come with the page; so
 * does the error catalogue: the email field is checked with the API's own words (EMAIL_REQUIRED, EMAIL_INVALID).
 */
export const load = () => Promise.all([loadSections('profile', 'register'), loadErrorWords()]);

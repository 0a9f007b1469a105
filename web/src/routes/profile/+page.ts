import { loadErrorWords } from '$lib/i18n';

/** The email field is checked here with the API's own words (EMAIL_REQUIRED, EMAIL_INVALID): they come with the page. */
export const load = () => loadErrorWords();

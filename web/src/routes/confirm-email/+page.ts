import { loadSections } from '$lib/i18n';

/** The email confirmation page's words come with it. */
export const load = () => loadSections('confirmEmail');

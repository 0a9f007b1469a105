import { loadSections } from '$lib/i18n';

/** The callback form's words are the public pages' section. */
export const load = () => loadSections('landing');

import { loadSections } from '$lib/i18n';

/** The main page's words (and the feedback form's) come with it. */
export const load = () => loadSections('landing');

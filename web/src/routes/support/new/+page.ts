import { loadSections } from '$lib/i18n';

/** The message form shares its checks and words with the public feedback form. */
export const load = () => loadSections('landing');

import { loadSections } from '$lib/i18n';

/** The reply box counts characters as the feedback form does, in its words. */
export const load = () => loadSections('landing');

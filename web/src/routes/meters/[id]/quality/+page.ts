import { loadSections } from '$lib/i18n';

/** The power-quality tab's words come with it. */
export const load = () => loadSections('quality');

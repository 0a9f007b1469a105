import { loadSections } from '$lib/i18n';

/** The first page after registration brings its words with it. */
export const load = () => loadSections('welcome');

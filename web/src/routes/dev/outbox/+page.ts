import { loadSections } from '$lib/i18n';

/** The development outbox's words come with it. */
export const load = () => loadSections('outbox');

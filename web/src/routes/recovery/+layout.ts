import { loadSections } from '$lib/i18n';

/** Password recovery's words, for its three steps (the request, the code or link, the new password). */
export const load = () => loadSections('recovery');

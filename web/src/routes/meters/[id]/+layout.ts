import { loadSections } from '$lib/i18n';
import type { LayoutLoad } from './$types';

/**
 * The meter's id from the address; the layout loads the meter itself (the app has no server to load on).
 * The tariff's and the submissions' words come with the meter page: its tabs and panels show both.
 */
export const load = (async ({ params }) => {
  await loadSections('tariff', 'submissions');
  return { id: params.id };
}) satisfies LayoutLoad;

import type { LayoutLoad } from './$types';

/** The meter's id from the address; the layout loads the meter itself (the app has no server to load on). */
export const load = (({ params }) => ({ id: params.id })) satisfies LayoutLoad;

// A single-page app served as static files: there is no server to render on or to prerender for.
// Set here, at the root, rather than in a page: a page-level `ssr = false` turns every 404 into a 500.
export const ssr = false;
export const prerender = false;

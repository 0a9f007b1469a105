import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: the API process serves build/ and answers every unknown path with index.html,
    // so client-side routing (and the 404 page) work on a reload of any URL.
    // precompress: a .br and a .gz beside every asset, which the API serves to browsers that accept them.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: true, strict: true }),
  },
};

export default config;

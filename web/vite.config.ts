import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// The dev server forwards GraphQL (HTTP and WebSocket), the captcha challenges and the development outbox to a running API, so the cabinet is same-origin in
// development as in production: the session cookie and the WebSocket Origin check work unchanged.
// changeOrigin stays off: the API accepts a WebSocket only when its Origin matches the Host header.
const apiOrigin = process.env.API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/graphql': { target: apiOrigin, ws: true },
      '/captcha': { target: apiOrigin },
      '/dev/outbox.json': { target: apiOrigin },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: apiOrigin, ws: true },
      '/captcha': { target: apiOrigin },
      '/dev/outbox.json': { target: apiOrigin },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    // Modules read their route's words at call time; in a unit test no route has loaded them.
    setupFiles: ['src/lib/i18n/test-setup.ts'],
  },
});

import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One copy of graphql for sources and dependencies alike (see api/vitest.config.ts).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql', { paths: [require.resolve('@askue/api/package.json')] }) }],
  },
  test: {
    include: ['integration/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

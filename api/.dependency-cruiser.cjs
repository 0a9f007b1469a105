/**
 * The api's import rules, checked by `pnpm test` (dependency-cruiser: maintained, and made for exactly this —
 * rules over a TypeScript import graph, type-only imports included, so a loop through `import type` counts too).
 *
 * Layers, from the outside in: the launcher (starts processes) → app.ts, http/ and graphql/ (transports) →
 * composition.ts (builds the services) → the domain folders, which import each other, errors/ and config.ts, and
 * never a transport or the launcher. Domains may import the `Context` type from composition.ts.
 */
const DOMAINS = '^src/(accounts|cli|db|delivery|demo|devices|errors|ingest|live|ops|pubsub|quality|readings|reports|schema|security|submissions|suppliers|support|tariffs|alerts|webhooks)/';
const LAUNCHER = '^src/(launcher/|main[.]ts$|embedded[.]ts$|cluster[.]ts$|supervise[.]ts$)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A loop makes load order matter (ESM: "Cannot access X before initialization") and the code unreadable in any order.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-not-to-graphql',
      severity: 'error',
      comment: 'Domains are used by the GraphQL layer, never the other way round: errors live in errors/, guards in accounts/, the Context type in composition.ts.',
      from: { path: DOMAINS },
      to: { path: '^src/graphql/' },
    },
    {
      name: 'domain-not-to-transport-or-launcher',
      severity: 'error',
      comment: 'Domains do not know how the API is served or started.',
      from: { path: DOMAINS },
      to: { path: [LAUNCHER, '^src/http/', '^src/app[.]ts$'] },
    },
  ],
  options: {
    includeOnly: '^src/',
    exclude: { path: '[.]test[.]ts$' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
  },
};

/**
 * The published request limits (depth, aliases, cost, directives, tokens): one value the GraphQL layer enforces
 * (graphql/limits.ts) and the `limits` query publishes (limits.resolver.ts).
 */
export const LIMITS = { maxDepth: 12, maxAliases: 15, maxCost: 150_000, maxDirectives: 50, maxTokens: 2000 } as const;

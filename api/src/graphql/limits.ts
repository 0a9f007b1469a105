/**
 * Request limits applied alike over HTTP and WebSocket — Apollo's plugins cover only HTTP, so the WebSocket path
 * runs the same validation rules, token limit and operation checks itself. Published in the integrator guide:
 * depth 12, 15 aliases, cost 150,000 (see cost.ts), 50 directives, 2000 tokens; field suggestions are not given.
 *
 * The token limit is graphql-js's own parse option, not Armor's: Armor's Apollo plugin parses the query a second
 * time in `parsingDidStart` and throws from there, which Apollo answers as an unexpected failure (HTTP 500) — for
 * the token limit and for every plain syntax error too.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, type OperationDefinitionNode, type DocumentNode } from 'graphql';
import { SessionKind } from '../accounts/session.entity.js';
import type { Context } from './context.js';
import { ForbiddenError } from './errors.js';

export const LIMITS = { maxDepth: 12, maxAliases: 15, maxCost: 150_000, maxDirectives: 50, maxTokens: 2000 } as const;

const config: ConstructorParameters<typeof ApolloArmor>[0] = {
  maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
  maxAliases: { n: LIMITS.maxAliases },
  costLimit: { maxCost: LIMITS.maxCost, ignoreIntrospection: true },
  maxDirectives: { n: LIMITS.maxDirectives },
  maxTokens: { enabled: false },
  blockFieldSuggestion: { enabled: true },
};

const protection = new ApolloArmor(config).protect();
// Armor is typed against Apollo's CommonJS build; the plugins are the same objects either way.
export const armor = { ...protection, plugins: protection.plugins as unknown as ApolloServerPlugin<Context>[] };

/** graphql-js parse options carrying the token limit (Apollo's `parseOptions`, the WebSocket's own parse). */
export const PARSE_OPTIONS = { maxTokens: LIMITS.maxTokens } as const;

/**
 * Why an operation that parsed and validated must not run, or null. Returned rather than thrown: over WebSocket a
 * refusal is an `error` message for that one operation, and anything thrown from graphql-ws's `onSubscribe` closes
 * the whole socket as a server fault (4500).
 */
export function refuseOperation(document: DocumentNode, operationName: string | null | undefined, ctx: Context): GraphQLError | null {
  // Integrator tokens read; they never write.
  if (ctx.principal?.session.kind !== SessionKind.ACCESS_TOKEN) return null;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return op?.operation === 'mutation' ? new ForbiddenError('Токен интеграции даёт доступ только на чтение') : null;
}

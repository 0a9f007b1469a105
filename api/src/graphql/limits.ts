/**
 * Request limits (GraphQL Armor) applied alike over HTTP and WebSocket — Apollo's plugins cover only HTTP,
 * so the WebSocket path runs the same validation rules and token limit itself. Published in the integrator
 * guide: depth 12, 15 aliases, cost 150,000 (Armor multiplies a field's cost by its `first` argument: a full
 * 1000-interval report page with tariff zones costs about 118,000), 50 directives, 2000 tokens; field suggestions
 * are not given.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { Kind, type OperationDefinitionNode, type DocumentNode } from 'graphql';
import { SessionKind } from '../accounts/session.entity.js';
import type { Context } from './context.js';
import { ForbiddenError } from './errors.js';

export const LIMITS = { maxDepth: 12, maxAliases: 15, maxCost: 150_000, maxDirectives: 50, maxTokens: 2000 } as const;

const config: ConstructorParameters<typeof ApolloArmor>[0] = {
  maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
  maxAliases: { n: LIMITS.maxAliases },
  costLimit: { maxCost: LIMITS.maxCost, ignoreIntrospection: true },
  maxDirectives: { n: LIMITS.maxDirectives },
  maxTokens: { n: LIMITS.maxTokens },
  blockFieldSuggestion: { enabled: true },
};

const protection = new ApolloArmor(config).protect();
// Armor is typed against Apollo's CommonJS build; the plugins are the same objects either way.
export const armor = { ...protection, plugins: protection.plugins as unknown as ApolloServerPlugin<Context>[] };

/** Integrator tokens read; they never write. */
export function assertOperationAllowed(document: DocumentNode, operationName: string | null | undefined, ctx: Context): void {
  if (ctx.principal?.session.kind !== SessionKind.ACCESS_TOKEN) return;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (op?.operation === 'mutation') throw new ForbiddenError('Токен интеграции даёт доступ только на чтение');
}


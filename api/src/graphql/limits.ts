/**
 * Request limits applied alike over HTTP and WebSocket — Apollo's plugins cover only HTTP, so the WebSocket path
 * runs the same validation rules, token limit and operation checks itself. Published in the integrator guide:
 * depth 12, 15 aliases, cost 150,000 (see cost.ts: the cabinet's 1000-interval report page with tariff zones costs about
 * 135,000), 50 directives, 2000 tokens; field suggestions are not given.
 *
 * The token limit is graphql-js's own parse option, not Armor's: Armor's Apollo plugin parses the query a second
 * time in `parsingDidStart` and throws from there, which Apollo answers as an unexpected failure (HTTP 500) — for
 * the token limit and for every plain syntax error too. The cost is ours as well (cost.ts): Armor's rule cannot see
 * variables.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, type OperationDefinitionNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { SessionKind } from '../accounts/session.entity.js';
import type { Context } from '../composition.js';
import { operationCost } from './cost.js';
import { ForbiddenError, because } from '../errors/client-errors.js';

import { LIMITS } from '../security/request-limits.js';

export { LIMITS };

const config: ConstructorParameters<typeof ApolloArmor>[0] = {
  maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
  maxAliases: { n: LIMITS.maxAliases },
  costLimit: { enabled: false },
  maxDirectives: { n: LIMITS.maxDirectives },
  maxTokens: { enabled: false },
  blockFieldSuggestion: { enabled: true },
};

const protection = new ApolloArmor(config).protect();
// Armor is typed against Apollo's CommonJS build; the plugins are the same objects either way.
export const armor = { ...protection, plugins: protection.plugins as unknown as ApolloServerPlugin<Context>[] };

/** graphql-js parse options carrying the token limit (Apollo's `parseOptions`, the WebSocket's own parse). */
export const PARSE_OPTIONS = { maxTokens: LIMITS.maxTokens } as const;

/** An operation over the cost limit: refused like the other limits (400, GRAPHQL_VALIDATION_FAILED), with its cost. */
export class CostLimitError extends GraphQLError {
  constructor(cost: number) {
    super(`Запрос слишком дорогой: стоимость ${cost} при пределе ${LIMITS.maxCost}. Уменьшите first или число псевдонимов`, {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost: LIMITS.maxCost },
    });
  }
}

/** What an operation must not run for, given once it has parsed and validated. */
export interface OperationRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | null | undefined;
}

/**
 * Why an operation that parsed and validated must not run, or null. Returned rather than thrown: over WebSocket a
 * refusal is an `error` message for that one operation, and anything thrown from graphql-ws's `onSubscribe` closes
 * the whole socket as a server fault (4500).
 */
export function refuseOperation({ schema, document, operationName, variables }: OperationRequest, ctx: Context): GraphQLError | null {
  if (ctx.principal?.session.kind === SessionKind.ACCESS_TOKEN) {
    // Integrator tokens read; they never write.
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const op = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
    if (op?.operation === 'mutation') return new ForbiddenError(because('READ_ONLY_TOKEN'));
  }
  const cost = operationCost(schema, document, operationName, variables);
  return cost !== null && Math.ceil(cost) > LIMITS.maxCost ? new CostLimitError(Math.ceil(cost)) : null;
}

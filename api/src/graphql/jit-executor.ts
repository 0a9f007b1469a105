/**
 * Queries and mutations over HTTP run compiled by graphql-jit instead of graphql-js's interpreter.
 *
 * graphql-js walks the selection for every object it completes (field lookup, a resolve-info object, the default
 * resolver, the leaf's serializer): a daily report of a year with cost is ≈ 6,000 such objects and half of the
 * request's time went there (tests/bench/reports.ts). graphql-jit compiles each document once into a function that
 * builds the answer directly, with the same resolvers, errors and null propagation.
 *
 * Apollo Server has one seam for another executor, its gateway interface: `load` hands Apollo the schema and an
 * executor; parsing, validation (GraphQL Armor's rules), our plugins, error formatting and the HTTP answer stay
 * Apollo's. Subscriptions do not come through here (graphql-ws executes them, http/websocket.ts); mutations are
 * handed to graphql-js (below).
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { variableErrors } from './variables.js';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/** Compiled documents kept per process: the cabinet and the bridges send a few dozen distinct ones. */
const CACHE_SIZE = 500;

/** `onCompiled` is told of every document compiled (a cache miss: the metrics count them). */
export function jitGateway(schema: GraphQLSchema, onCompiled: () => void = () => {}): Gateway {
  // Keyed by the operation's name and Apollo's hash of the query text; the oldest entry goes first when full.
  const compiled = new Map<string, CompiledQuery>();
  const compile = (document: DocumentNode, key: string, operationName: string | undefined) => {
    const cached = compiled.get(key);
    if (cached) return cached;
    const made = compileQuery(schema, document, operationName);
    if (!isCompiledQuery(made)) return made;
    onCompiled();
    if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, made);
    return made;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        schema,
        executor: async (rc) => {
          // Mutations stay with graphql-js: it runs their fields one after another and stops at the first that
          // nulls the answer (a failed signIn among twelve aliases is one guess, test/limits.test.ts); graphql-jit
          // runs them all. They are small; the time is in the queries.
          if (rc.operation?.operation !== 'query') {
            return execute({ schema, document: rc.document, operationName: rc.operationName, contextValue: rc.context, variableValues: rc.request.variables });
          }
          // Variables are checked by graphql-js first (graphql/variables.ts): graphql-jit would throw.
          const refused = variableErrors(schema, rc.document, rc.operationName, rc.request.variables);
          if (refused) return { errors: refused };
          const c = compile(rc.document, `${rc.operationName ?? ''}\u0000${rc.queryHash}`, rc.operationName ?? undefined);
          const result = isCompiledQuery(c) ? await c.query(undefined, rc.context, rc.request.variables ?? {}) : c;
          return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
        },
      };
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors are its own GraphQLError look-alikes with read-only fields; Apollo's plugins (GraphQL Armor
 * rewrites messages) and our masking expect graphql-js's own. Same message, path, locations, extensions and cause.
 */
function asGraphqlJsError(e: GraphQLError): GraphQLError {
  const out = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
  if (e.locations) (out as { locations?: GraphQLError['locations'] }).locations = e.locations;
  return out;
}

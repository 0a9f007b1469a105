/**
 * The examples' `graphql()`: documents typed from the API's `schema.graphql` by gql.tada, as an integrator's own
 * code can be. `/graphql-env.d.ts` beside the schema is generated from it (`pnpm graphql`) and, with the documents,
 * checked against it by `pnpm test`.
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../../graphql-env.js';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; ID: string };
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';

/**
 * The cabinet's `graphql()`: documents typed from `schema.graphql` by gql.tada. `/graphql-env.d.ts` beside the
 * schema is generated from it (`pnpm graphql`, also run by `pnpm schema`) and checked for drift by `pnpm test`;
 * results and variables are inferred from each document, so no result type is written by hand.
 *
 * Fragment masking is off: a fragment is a shared selection here, not a component's private data.
 */
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../../../../graphql-env.js';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  disableMasking: true;
  scalars: {
    /** RFC 3339 with an explicit offset, as the API sends it. */
    DateTime: string;
    ID: string;
  };
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';

/** A schema enum or scalar as TypeScript sees it, e.g. `Enum<'Quantity'>`. */
export type Enum<Name extends string> = ReturnType<typeof graphql.scalar<Name>>;

export type MeterKind = Enum<'MeterKind'>;
export type Quantity = Enum<'Quantity'>;
export type Role = Enum<'Role'>;
export type DeviceStatus = Enum<'DeviceStatus'>;
export type RecoveryChannel = Enum<'RecoveryChannel'>;
export type ThreadStatus = Enum<'ThreadStatus'>;
export type Resolution = Enum<'Resolution'>;
export type Aggregation = Enum<'Aggregation'>;
export type QualityEventKind = Enum<'QualityEventKind'>;

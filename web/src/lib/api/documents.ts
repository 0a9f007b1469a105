/**
 * Every GraphQL document of the cabinet and the types the screens name their results by, one module per domain
 * (`*.documents.ts`). The types are inferred from the documents against `schema.graphql` (see `graphql.ts`):
 * a document that selects what the schema lacks fails `pnpm test` (`gql.tada check`) and the type check.
 */
export type { MeterKind, Quantity, Role, DeviceStatus, RecoveryChannel, ThreadStatus, Resolution, Aggregation, QualityEventKind } from './graphql.js';
export * from './fragments.js';
export * from './auth.documents.js';
export * from './profile.documents.js';
export * from './meters.documents.js';
export * from './readings.documents.js';
export * from './support.documents.js';

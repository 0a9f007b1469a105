/**
 * The bridge's `graphql()`: its few operations typed from `schema.graphql` by gql.tada. `/graphql-env.d.ts`
 * beside the schema is generated from it (`pnpm graphql`) and checked for drift, with the documents themselves
 * (`gql.tada check`), by `pnpm test`. Only types come from there: nothing outside this package runs.
 */
import { print, type DocumentNode } from '@0no-co/graphql.web';
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../../graphql-env.js';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  disableMasking: true;
  scalars: { DateTime: string; ID: string };
}>();

export type { ResultOf, VariablesOf, TadaDocumentNode } from 'gql.tada';

const texts = new WeakMap<DocumentNode, string>();

/** A document as the wire carries it, printed once: ingest sends the same mutation thousands of times a second. */
export function queryText(document: DocumentNode): string {
  let text = texts.get(document);
  if (text === undefined) texts.set(document, (text = print(document)));
  return text;
}

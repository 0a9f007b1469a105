/**
 * Integrator example 1: an HTTP query with a personal access token.
 *   ASKUE_URL=https://askue.example ASKUE_TOKEN=askue_pat_… node --import @swc-node/register/esm-register examples/query.ts
 * Prints the meters, their newest readings, and yesterday's consumption per hour.
 */
import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';
import { graphql, type ResultOf } from './graphql.js';

const url = `${process.env.ASKUE_URL ?? 'http://localhost:3000'}/graphql`;
const token = process.env.ASKUE_TOKEN;
if (!token) throw new Error('set ASKUE_TOKEN to a personal access token (cabinet → Профиль → Токены интеграции)');

// Typed from schema.graphql: the results and variables below are checked by TypeScript, not written by hand.
const METERS_QUERY = graphql(`
  query Meters {
    viewer { meters { id serial kind lastReadings { quantity value unit time } } }
  }
`);

const CONSUMPTION_QUERY = graphql(`
  query Consumption($id: ID!, $from: DateTime!, $to: DateTime!, $after: String) {
    viewer { meter(id: $id) { consumption(resolution: HOUR, from: $from, to: $to, first: 12, after: $after) {
      unit pageInfo { hasNextPage endCursor } edges { node { from consumption complete } } } } }
  }
`);

async function request<Data, Variables>(document: TadaDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await res.json()) as { data?: Data; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
  return body.data!;
}

const { viewer } = await request(METERS_QUERY, {});
if (!viewer) throw new Error('the token was not accepted');
for (const meter of viewer.meters) {
  console.log(`${meter.serial} (${meter.kind})`);
  for (const r of meter.lastReadings) console.log(`  ${r.quantity} = ${r.value} ${r.unit} at ${r.time}`);
}

// Yesterday, hour by hour, in the account's time zone; pages follow pageInfo.endCursor.
const to = new Date();
to.setHours(0, 0, 0, 0);
const from = new Date(to.getTime() - 24 * 3_600_000);
for (const meter of viewer.meters) {
  let after: string | null = null;
  let total = 0;
  let unit = '';
  do {
    const page: ResultOf<typeof CONSUMPTION_QUERY> = await request(CONSUMPTION_QUERY, { id: meter.id, from: from.toISOString(), to: to.toISOString(), after });
    const c = page.viewer?.meter?.consumption;
    if (!c) throw new Error(`meter ${meter.serial} is no longer bound to this account`);
    unit = c.unit;
    for (const { node } of c.edges) total += node.consumption ?? 0; // null means no data, not zero
    after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
  } while (after);
  console.log(`${meter.serial}: ${total.toFixed(3)} ${unit} yesterday`);
}

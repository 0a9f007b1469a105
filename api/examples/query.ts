/**
 * Integrator example 1: an HTTP query with a personal access token.
 *   ASKUE_URL=https://askue.example ASKUE_TOKEN=askue_pat_… node --import @swc-node/register/esm-register examples/query.ts
 * Prints the meters, their newest readings, and yesterday's consumption per hour.
 */
const url = `${process.env.ASKUE_URL ?? 'http://localhost:3000'}/graphql`;
const token = process.env.ASKUE_TOKEN;
if (!token) throw new Error('set ASKUE_TOKEN to a personal access token (cabinet → Профиль → Токены интеграции)');

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
  return body.data!;
}

const { viewer } = await graphql<{ viewer: { meters: Array<{ id: string; serial: string; kind: string; lastReadings: Array<{ quantity: string; value: number; unit: string; time: string }> }> } }>(`{
  viewer { meters { id serial kind lastReadings { quantity value unit time } } }
}`);
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
    const page: any = await graphql(
      `query($id: ID!, $from: DateTime!, $to: DateTime!, $after: String) {
        viewer { meter(id: $id) { consumption(resolution: HOUR, from: $from, to: $to, first: 12, after: $after) {
          unit pageInfo { hasNextPage endCursor } edges { node { from consumption complete } } } } } }`,
      { id: meter.id, from: from.toISOString(), to: to.toISOString(), after },
    );
    const c = page.viewer.meter.consumption;
    unit = c.unit;
    for (const { node } of c.edges) total += node.consumption ?? 0; // null means no data, not zero
    after = c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null;
  } while (after);
  console.log(`${meter.serial}: ${total.toFixed(3)} ${unit} yesterday`);
}

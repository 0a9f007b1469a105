/**
 * The seam's contract: a query answered over HTTP (compiled by graphql-jit, graphql/jit-executor.ts) equals the same
 * query executed by graphql-js on the same schema, data and viewer — data, null propagation, errors' paths and codes —
 * for the cabinet's heaviest answers (a year of days with cost, the account's months), variables with defaults,
 * @include/@skip and fragments, and errors inside a query. Mutations are still graphql-js's: a failed sign-in among
 * aliased ones ends the operation (test/limits.test.ts).
 */
import { execute, parse, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, createContext } from '../composition.js';
import { engines, startTestApi, type TestApi } from '../../test/harness.js';
import { buildApiSchema } from './schema.js';

const YEAR_OF_DAYS = `query($id: ID!, $f: DateTime!, $t: DateTime!, $withZones: Boolean!) { viewer { meter(id: $id) {
  consumption(resolution: DAY, from: $f, to: $t, first: 400) {
    unit timeZone total complete totalCount pricedTotalCost { kopecks } totalCost { amount currency } tariff { id name own }
    pageInfo { hasNextPage endCursor }
    edges { cursor node { from to consumption complete cost { kopecks } pricedCost { kopecks amount } zones @include(if: $withZones) { zone name consumption cost { kopecks } } } }
  } } } }`;

const ACCOUNT = `query { viewer {
  account { id phone fullName role timeZone createdAt }
  meters { ...M tariff { name resource versions { effectiveFrom scheme } } costOverview { today { amount } monthToDate { amount } forecastMethod forecastDays } }
  monthlyCosts(months: 3, timeZone: "Europe/Moscow") { from to electricity { kopecks } coldWater { kopecks } sewerage { kopecks } fixedCharges { kopecks } total { kopecks } complete }
  alerts { totalCount edges { node { id } } }
} }
fragment M on Meter { id serial kind zones label lastReadings @skip(if: false) { quantity value time } }`;

/** Aliases of one field: answered, unknown (null, no error), refused (its error at its path, null there). */
const PARTLY_REFUSED = `query($id: ID!, $other: ID!) { viewer {
  mine: meter(id: $id) { serial }
  unknown: meter(id: $other) { serial }
  refused: meter(id: $id) { serial series(from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { quantity } } } }`;

/** An argument the resolver refuses (from after to): BAD_USER_INPUT with its reason, and a non-null field's null propagating up. */
const REFUSED_ARGUMENT = `query($id: ID!) { viewer { meter(id: $id) { serial consumption(resolution: MONTH, from: "2026-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z") { total } } } }`;

describe.each(engines)('compiled queries answer as graphql-js does, on %s', (engine) => {
  let t: TestApi;
  let schema: GraphQLSchema;
  let token: string;
  let meterId: string;

  beforeAll(async () => {
    t = await startTestApi({ engine });
    schema = await buildApiSchema();
    token = await t.signInDemo();
    const r = await t.gql(`{ viewer { meters { id kind } } }`, {}, token);
    meterId = r.data.viewer.meters.find((m: { kind: string }) => m.kind === 'ELECTRICITY').id;
  });
  afterAll(() => t.close());

  /** The same query both ways; errors compared as a client reads them (path, code, reason, message). */
  async function both(query: string, variables: Record<string, unknown> = {}) {
    const http = await t.gql(query, variables, token);
    const context = createContext(t.api.deps, await authenticate(t.api.deps, token), { ip: '127.0.0.1', userAgent: null }, {} as never);
    const js = await execute({ schema, document: parse(query), contextValue: context, variableValues: variables });
    const shape = (errors: ReadonlyArray<{ path?: ReadonlyArray<string | number>; message: string; extensions?: Record<string, unknown> }> | undefined) =>
      (errors ?? []).map((e) => ({ path: e.path, message: e.message, code: e.extensions?.code, reason: e.extensions?.reason }));
    return { http: { data: http.data, errors: shape(http.errors) }, js: { data: JSON.parse(JSON.stringify(js.data ?? null)), errors: shape(js.errors) } };
  }

  it('a year of days with cost, zones included and left out', async () => {
    for (const withZones of [true, false]) {
      const { http, js } = await both(YEAR_OF_DAYS, { id: meterId, f: '2025-12-01T00:00:00+03:00', t: '2026-12-01T00:00:00+03:00', withZones });
      expect(http.errors).toEqual([]);
      expect(http.data.viewer.meter.consumption.totalCount).toBe(365);
      expect(http.data.viewer.meter.consumption.edges[0].node.zones === undefined).toBe(!withZones);
      expect(http).toEqual(js);
    }
  });

  it('the account page: meters through a fragment, tariffs, cost overviews, monthly costs, alerts', async () => {
    const { http, js } = await both(ACCOUNT);
    expect(http.errors).toEqual([]);
    expect(http.data.viewer.meters.map((m: { serial: string }) => m.serial).sort()).toEqual(['CW-0001', 'E-0001', 'HW-0001']);
    expect(http.data.viewer.monthlyCosts).toHaveLength(3);
    expect(http).toEqual(js);
  });

  it('errors: a refused argument, and aliases answered, unknown and refused side by side', async () => {
    const refused = await both(REFUSED_ARGUMENT, { id: meterId });
    expect(refused.http.errors).toHaveLength(1);
    expect(refused.http.errors[0]).toMatchObject({ path: ['viewer', 'meter', 'consumption'], code: 'BAD_USER_INPUT' });
    expect(refused.http.data).toEqual({ viewer: { meter: null } });
    expect(refused.http).toEqual(refused.js);

    const partly = await both(PARTLY_REFUSED, { id: meterId, other: '987654321' });
    expect(partly.http.data.viewer.mine.serial).toEqual(expect.any(String));
    expect(partly.http.data.viewer.unknown).toBeNull();
    expect(partly.http.data.viewer.refused).toBeNull();
    expect(partly.http.errors).toEqual([expect.objectContaining({ path: ['viewer', 'refused', 'series'], code: 'BAD_USER_INPUT' })]);
    expect(partly.http).toEqual(partly.js);
  });
});

describe('GRAPHQL_EXECUTOR', () => {
  it('jit compiles each query document once per process; graphql-js answers alike and compiles nothing', async () => {
    const jit = await startTestApi();
    const js = await startTestApi({ env: { GRAPHQL_EXECUTOR: 'graphql-js' } });
    try {
      const compiled = async (t: TestApi) => Number((await (await fetch(`${t.url}/metrics`)).text()).match(/^askue_api_graphql_compiled_documents_total (\d+)$/m)?.[1]);
      const run = async (t: TestApi) => {
        const token = await t.signInDemo();
        const before = await compiled(t);
        const meters = await t.gql(`{ viewer { meters { id kind } } }`, {}, token);
        const id = meters.data.viewer.meters.find((m: { kind: string }) => m.kind === 'ELECTRICITY').id;
        const variables = { id, f: '2025-12-01T00:00:00+03:00', t: '2026-12-01T00:00:00+03:00', withZones: true };
        const first = await t.gql(YEAR_OF_DAYS, variables, token);
        const again = await t.gql(YEAR_OF_DAYS, variables, token);
        expect({ data: again.data, errors: again.errors }).toEqual({ data: first.data, errors: first.errors });
        const c = first.data.viewer.meter.consumption;
        return { compiled: (await compiled(t)) - before, errors: first.errors, days: c.totalCount, unit: c.unit, kinds: meters.data.viewer.meters.map((m: { kind: string }) => m.kind).sort() };
      };
      // Two documents (the meters and the year of days), the second asked twice: compiled once each.
      expect(await run(jit)).toEqual({ compiled: 2, errors: undefined, days: 365, unit: 'kWh', kinds: ['COLD_WATER', 'ELECTRICITY', 'HOT_WATER'] });
      expect(await run(js)).toEqual({ compiled: 0, errors: undefined, days: 365, unit: 'kWh', kinds: ['COLD_WATER', 'ELECTRICITY', 'HOT_WATER'] });
    } finally {
      await Promise.all([jit.close(), js.close()]);
    }
  });
});

/**
 * The cabinet's own queries against the API's cost limit. The limit reads `first` from variables, and the cabinet
 * asks for report pages of CONSUMPTION_PAGE intervals that way (400 since the query carries cost beside every figure:
 * 1000 with the money fields would cost ~209,000 of 150,000), so a field added to the cabinet's query, or a dearer
 * cost formula, could push it over — and the report page would answer 400 where no browser test looks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringifyDocument } from '@urql/core';
import { startTestApi, type TestApi } from '@askue/api/testing';
import { CONSUMPTION_PAGE, CONSUMPTION_QUERY } from '@askue/web/src/lib/api/documents.js';

describe('the cabinet’s queries within the cost limit', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  it('runs a full report page of hourly intervals with tariff zones and their cost as the cabinet asks for it', async () => {
    const session = await t.signInDemo();
    const meters = (await t.gql(`{ viewer { meters { id serial } } }`, {}, session)).data.viewer.meters;
    const id = meters.find((m: { serial: string }) => m.serial === 'E-0001').id;
    const variables = { id, resolution: 'HOUR', from: '2025-01-01T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z', timeZone: 'Europe/Moscow', first: CONSUMPTION_PAGE, after: null };
    // The query text exactly as urql sends it.
    const r = await t.gql(stringifyDocument(CONSUMPTION_QUERY), variables, session);
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data.viewer.meter.consumption.edges).toHaveLength(CONSUMPTION_PAGE);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DEMO_HISTORY_DAYS } from '../src/demo/demo.js';
import { ProvisioningService } from '../src/devices/provisioning.service.js';
import { MeterKind } from '../src/devices/meter-kind.js';
import { QUANTITIES } from '../src/readings/quantity.js';
import { VOCABULARY } from '@askue/device-bridge/testing';
import { BRIDGE_SECRET, engines, startTestApi, type TestApi } from './harness.js';

const LAST = `{ viewer { meters { serial lastReadings { quantity value unit time } } } }`;

async function countReadings(t: TestApi): Promise<number> {
  const rows = await t.api.orm.em.fork().getConnection().execute<Array<{ n: number | string }>>('select count(*) as n from reading');
  return Number(rows[0].n);
}

describe.each(engines)('ingest on %s', (engine) => {
  let t: TestApi;
  let token: string;
  let customer: string;
  let otherToken: string;
  const now = Date.now();

  beforeAll(async () => {
    t = await startTestApi({ engine });
    token = t.api.demo!.controller.token;
    customer = await t.signInDemo();
    const other = await new ProvisioningService(t.api.orm.em.fork()).createController('C-OTHER', [{ serial: 'E-OTHER', kind: MeterKind.ELECTRICITY }]);
    otherToken = other.token;
  });
  afterAll(() => t.close());

  it('accepts packs only with the bridge service credential', async () => {
    const query = `mutation($p: [ReadingPackInput!]!) { ingestReadings(packs: $p) { status } }`;
    const p = [{ token, meters: [], quantities: [], times: [], values: [] }];
    for (const credential of [undefined, customer]) {
      const r = await t.gql(query, { p }, credential);
      expect(r.errors![0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await t.gql(query, { p }, BRIDGE_SECRET)).data.ingestReadings).toEqual([{ status: 'STORED' }]);
  });

  it('stores a pack once and reports a repeated pack as duplicates', async () => {
    const pack = {
      token,
      readings: [
        { meter: 'E-0001', quantity: 'POWER', time: now - 1000, value: 42.5 },
        { meter: 'E-0001', quantity: 'VOLTAGE_L1', time: now - 1000, value: 229.8 },
        { meter: 'CW-0001', quantity: 'VOLUME', time: now - 1000, value: 12.345 },
      ],
    };
    const before = await countReadings(t);
    expect(await t.ingest([pack])).toEqual([{ status: 'STORED', stored: 3, duplicates: 0, message: null }]);
    expect(await t.ingest([pack, pack])).toEqual([
      { status: 'STORED', stored: 0, duplicates: 3, message: null },
      { status: 'STORED', stored: 0, duplicates: 3, message: null },
    ]);
    expect(await countReadings(t)).toBe(before + 3);
  });

  it('keeps fractional values exactly (double precision on every engine)', async () => {
    const r = await t.gql(LAST, {}, customer);
    const e = r.data.viewer.meters.find((m: { serial: string }) => m.serial === 'E-0001');
    expect(e.lastReadings).toContainEqual({ quantity: 'POWER', value: 42.5, unit: 'W', time: new Date(now - 1000).toISOString() });
  });

  it('answers UNAUTHORIZED for an unknown and for a revoked device token, and stores nothing', async () => {
    const before = await countReadings(t);
    const reading = { meter: 'E-OTHER', quantity: 'POWER', time: now, value: 1 };
    expect((await t.ingest([{ token: 'unknown-token-aaaaaaaaaaaaaaaaaaaa', readings: [reading] }]))[0].status).toBe('UNAUTHORIZED');
    const em = t.api.orm.em.fork();
    await em.getConnection().execute(`update device_token set revoked_at = ? where controller_id = (select id from controller where serial = 'C-OTHER')`, [
      em.getPlatform().processDateProperty(new Date()),
    ]);
    expect((await t.ingest([{ token: otherToken, readings: [reading] }]))[0].status).toBe('UNAUTHORIZED');
    expect(await countReadings(t)).toBe(before);
  });

  it('answers FORBIDDEN for a meter of another controller or an unknown serial, and stores nothing of that pack', async () => {
    const before = await countReadings(t);
    const results = await t.ingest([
      { token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: now + 1, value: 1 }, { meter: 'E-OTHER', quantity: 'POWER', time: now, value: 1 }] },
      { token, readings: [{ meter: 'NO-SUCH-METER', quantity: 'POWER', time: now, value: 1 }] },
      { token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: now + 2, value: 7 }] },
    ]);
    expect(results.map((r: { status: string }) => r.status)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'STORED']);
    expect(results[0].message).toBe('meter E-OTHER not served here');
    expect(results[1].message).toBe('meter NO-SUCH-METER not served here');
    expect(await countReadings(t)).toBe(before + 1);
  });

  it('answers INVALID for a time in the future, before 2000, or a value no meter can produce', async () => {
    const cases: Array<[{ meter: string; quantity: string; time: number; value: number }, string]> = [
      [{ meter: 'E-0001', quantity: 'POWER', time: now + 3_600_000, value: 1 }, 'power: time in the future'],
      [{ meter: 'E-0001', quantity: 'POWER', time: Date.UTC(1999, 11, 31), value: 1 }, 'power: time before 2000'],
      [{ meter: 'E-0001', quantity: 'VOLTAGE_L2', time: now, value: -5 }, 'voltage_l2: value out of range'],
      [{ meter: 'E-0001', quantity: 'POWER_FACTOR', time: now, value: 1.5 }, 'power_factor: value out of range'],
    ];
    for (const [reading, message] of cases) {
      expect(await t.ingest([{ token, readings: [reading] }])).toEqual([{ status: 'INVALID', stored: 0, duplicates: 0, message }]);
    }
  });

  it('stores exactly the new readings of a large pack that repeats some stored ones, and takes the newest as the last reading', async () => {
    // 150 readings (more than one multi-row statement), every third already stored, the newest among the repeats.
    const base = now - 5_000_000;
    const all = Array.from({ length: 150 }, (_, i) => ({ meter: 'E-0001', quantity: 'VOLTAGE_L3', time: base + i * 1000, value: 200 + i / 10 }));
    const repeated = all.filter((_, i) => i % 3 === 2);
    expect(await t.ingest([{ token, readings: repeated }])).toEqual([{ status: 'STORED', stored: 50, duplicates: 0, message: null }]);
    const before = await countReadings(t);
    // Shuffled: the API orders rows itself.
    const shuffled = [...all].sort((a, b) => ((a.time * 7919) % 150) - ((b.time * 7919) % 150));
    expect(await t.ingest([{ token, readings: shuffled }])).toEqual([{ status: 'STORED', stored: 100, duplicates: 50, message: null }]);
    expect(await countReadings(t)).toBe(before + 100);
    const r = await t.gql(LAST, {}, customer);
    const e = r.data.viewer.meters.find((m: { serial: string }) => m.serial === 'E-0001');
    expect(e.lastReadings).toContainEqual({ quantity: 'VOLTAGE_L3', value: 214.9, unit: 'V', time: new Date(base + 149_000).toISOString() });
  });

  it('answers INVALID for a pack whose columns differ in length, and stores the other packs', async () => {
    const query = `mutation($p: [ReadingPackInput!]!) { ingestReadings(packs: $p) { status stored message } }`;
    const p = [
      { token, meters: ['E-0001', 'E-0001'], quantities: ['POWER'], times: [now - 7, now - 6], values: [1, 2] },
      { token, meters: ['E-0001'], quantities: ['POWER'], times: [now - 5], values: [3] },
    ];
    expect((await t.gql(query, { p }, BRIDGE_SECRET)).data.ingestReadings).toEqual([
      { status: 'INVALID', stored: 0, message: 'columns differ in length' },
      { status: 'STORED', stored: 1, message: null },
    ]);
  });

  it('answers a pack holding what it cannot accept INVALID on its own, and stores every other pack of the batch', async () => {
    // Packs as a bridge sends them: a non-finite number becomes null in JSON; a bridge newer than this API may name
    // a quantity it does not know. Neither may cost the other modems of the batch their readings.
    const third = await new ProvisioningService(t.api.orm.em.fork()).createController('C-THIRD', [{ serial: 'E-THIRD', kind: MeterKind.ELECTRICITY }]);
    const query = `mutation($p: [ReadingPackInput!]!) { ingestReadings(packs: $p) { status stored duplicates message } }`;
    const at = now - 40_000;
    const p = [
      { token, meters: ['E-0001'], quantities: ['POWER'], times: [at], values: [11] },
      { token, meters: ['E-0001', 'E-0001'], quantities: ['ENERGY', 'POWER'], times: [at, at], values: [null, 12] },
      { token: third.token, meters: ['E-THIRD'], quantities: ['POWER'], times: [at], values: [13] },
      { token, meters: ['E-0001'], quantities: ['POWER'], times: [null], values: [14] },
      { token, meters: ['E-0001'], quantities: ['REACTIVE_POWER'], times: [at + 1], values: [15] },
      { token: third.token, meters: ['E-THIRD'], quantities: ['VOLTAGE_L1'], times: [at], values: [230.5] },
    ];
    const before = await countReadings(t);
    const r = await t.gql(query, { p }, BRIDGE_SECRET);
    expect(r.errors).toBeUndefined();
    expect(r.data.ingestReadings).toEqual([
      { status: 'STORED', stored: 1, duplicates: 0, message: null },
      { status: 'INVALID', stored: 0, duplicates: 0, message: 'energy: value is not a finite number' },
      { status: 'STORED', stored: 1, duplicates: 0, message: null },
      { status: 'INVALID', stored: 0, duplicates: 0, message: 'power: time is not a finite number' },
      { status: 'INVALID', stored: 0, duplicates: 0, message: 'unknown quantity REACTIVE_POWER' },
      { status: 'STORED', stored: 1, duplicates: 0, message: null },
    ]);
    expect(await countReadings(t)).toBe(before + 3);
    const values = await t.api.orm.em.fork().getConnection().execute<Array<{ value: number }>>(
      `select r.value from reading r join meter m on m.id = r.meter_id where m.serial in ('E-0001', 'E-THIRD') and r.time = ? order by r.value`,
      [t.api.orm.em.getPlatform().processDateProperty(new Date(at))],
    );
    expect(values.map((v) => Number(v.value))).toEqual([11, 13, 230.5]);
  });

  it('answers INVALID, naming it, for a quantity the meter does not measure, and stores nothing of that pack', async () => {
    const kinds = await new ProvisioningService(t.api.orm.em.fork()).createController('C-KINDS', [
      { serial: 'E-K', kind: MeterKind.ELECTRICITY },
      { serial: 'CW-K', kind: MeterKind.COLD_WATER },
      { serial: 'HW-K', kind: MeterKind.HOT_WATER },
    ]);
    const at = now - 50_000;
    const before = await countReadings(t);
    expect(
      await t.ingest([
        { token: kinds.token, readings: [{ meter: 'E-K', quantity: 'POWER', time: at, value: 5 }, { meter: 'E-K', quantity: 'VOLUME', time: at, value: 12.5 }] },
        { token: kinds.token, readings: [{ meter: 'CW-K', quantity: 'VOLUME', time: at, value: 12.5 }, { meter: 'CW-K', quantity: 'POWER', time: at, value: 5 }] },
        { token: kinds.token, readings: [{ meter: 'HW-K', quantity: 'ENERGY_T1', time: at, value: 1 }] },
      ]),
    ).toEqual([
      { status: 'INVALID', stored: 0, duplicates: 0, message: 'volume: E-K is an electricity meter' },
      { status: 'INVALID', stored: 0, duplicates: 0, message: 'power: CW-K is a cold water meter' },
      { status: 'INVALID', stored: 0, duplicates: 0, message: 'energy_t1: HW-K is a hot water meter' },
    ]);
    expect(await countReadings(t)).toBe(before);
    // What every kind may report: its own temperature, and a meter with a radio of its own its signal and battery.
    expect(
      await t.ingest([
        {
          token: kinds.token,
          readings: [
            { meter: 'E-K', quantity: 'TEMPERATURE', time: at, value: 41 },
            { meter: 'CW-K', quantity: 'TEMPERATURE', time: at, value: 9 },
            { meter: 'HW-K', quantity: 'BATTERY', time: at, value: 77 },
            { meter: 'CW-K', quantity: 'RSSI', time: at, value: -90 },
          ],
        },
      ]),
    ).toEqual([{ status: 'STORED', stored: 4, duplicates: 0, message: null }]);
  });

  it('answers INVALID, naming it, for a pack with two values for one meter, quantity and time, and stores nothing of it', async () => {
    const at = now - 60_000;
    const signal = async () =>
      Number((await t.api.orm.em.fork().getConnection().execute<Array<{ s: number }>>(`select signal_dbm as s from controller where serial = 'C-0001'`))[0].s);
    await t.ingest([{ token, readings: [{ meter: 'C-0001', quantity: 'RSSI', time: at - 1000, value: -70 }] }]);
    const before = await countReadings(t);
    expect(
      await t.ingest([
        {
          token,
          readings: [
            { meter: 'C-0001', quantity: 'RSSI', time: at, value: -99 },
            { meter: 'E-0001', quantity: 'POWER', time: at, value: 100 },
            { meter: 'E-0001', quantity: 'VOLTAGE_L1', time: at, value: 230 },
            { meter: 'E-0001', quantity: 'POWER', time: at, value: 200 },
          ],
        },
        // The same reading twice in one pack says one thing: stored once.
        { token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: at + 1, value: 300 }, { meter: 'E-0001', quantity: 'POWER', time: at + 1, value: 300 }] },
      ]),
    ).toEqual([
      { status: 'INVALID', stored: 0, duplicates: 0, message: `power: two values at ${new Date(at).toISOString()}` },
      { status: 'STORED', stored: 1, duplicates: 1, message: null },
    ]);
    expect(await countReadings(t)).toBe(before + 1);
    // Nothing of the refused pack took effect, the controller's own signal included.
    expect(await signal()).toBe(-70);
    // Two packs disagreeing (a modem resending a corrected pack) are not a contradiction within a pack: the
    // first value stands and the second pack is answered as a repeat (PROTOCOL.md, Idempotency).
    expect(
      await t.ingest([
        { token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: at, value: 100 }] },
        { token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: at, value: 200 }] },
      ]),
    ).toEqual([
      { status: 'STORED', stored: 1, duplicates: 0, message: null },
      { status: 'STORED', stored: 0, duplicates: 1, message: null },
    ]);
  });

  it('keeps the newest value as the last reading when an older one arrives late', async () => {
    await t.ingest([{ token, readings: [{ meter: 'HW-0001', quantity: 'TEMPERATURE', time: now - 10, value: 55.5 }] }]);
    await t.ingest([{ token, readings: [{ meter: 'HW-0001', quantity: 'TEMPERATURE', time: now - 60_000, value: 20 }] }]);
    const r = await t.gql(LAST, {}, customer);
    const hw = r.data.viewer.meters.find((m: { serial: string }) => m.serial === 'HW-0001');
    expect(hw.lastReadings).toEqual([{ quantity: 'TEMPERATURE', value: 55.5, unit: 'Cel', time: new Date(now - 10).toISOString() }]);
  });

  it('does not show readings taken before the meter was bound to the viewer', async () => {
    // The demo binding starts DEMO_HISTORY_DAYS back; a reading from before belongs to whoever had the meter then.
    await t.ingest([{ token, readings: [{ meter: 'CW-0001', quantity: 'TEMPERATURE', time: now - (DEMO_HISTORY_DAYS + 1) * 86_400_000, value: 7 }] }]);
    const r = await t.gql(LAST, {}, customer);
    const cw = r.data.viewer.meters.find((m: { serial: string }) => m.serial === 'CW-0001');
    expect(cw.lastReadings.map((x: { quantity: string }) => x.quantity)).toEqual(['VOLUME']);
  });

  it('writes a large batch from many packs in one call', async () => {
    const packs = Array.from({ length: 200 }, (_, i) => ({
      token,
      readings: Array.from({ length: 20 }, (_, j) => ({ meter: 'E-0001', quantity: 'ENERGY', time: now - 86_000_000 + i * 20_000 + j * 1000, value: 1000 + i * 20 + j })),
    }));
    const before = await countReadings(t);
    const results = await t.ingest(packs);
    expect(results.every((r: { status: string; stored: number }) => r.status === 'STORED' && r.stored === 20)).toBe(true);
    expect(await countReadings(t)).toBe(before + 4000);
  });
});

describe('the quantity vocabulary', () => {
  it('is the same in the bridge and in the API: names, units and sane ranges', () => {
    const api = Object.fromEntries(Object.entries(QUANTITIES).map(([q, info]) => [q, { unit: info.unit, range: info.range }]));
    const bridge = Object.fromEntries(Object.entries(VOCABULARY).map(([q, spec]) => [q, { unit: spec.unit, range: spec.range }]));
    expect(bridge).toEqual(api);
  });
});

describe.each(engines)('ingest when storage is unavailable on %s', (engine) => {
  it('answers STORAGE_UNAVAILABLE with a retry time and acknowledges nothing', async () => {
    const t = await startTestApi({ engine });
    const token = t.api.demo!.controller.token;
    let restore = async () => {};
    if (engine === 'sqlite') {
      await t.api.orm.close(true);
    } else {
      // A real outage for this database: refuse new connections and cut the existing ones.
      const url = new URL((t.api.orm.config.get('clientUrl') as string));
      const name = url.pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`alter database ${name} with allow_connections false`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [name]);
      restore = async () => {
        await admin.query(`alter database ${name} with allow_connections true`);
        await admin.end();
      };
    }
    try {
      const r = await t.ingest([{ token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: Date.now(), value: 1 }] }]);
      expect(r.data ?? null).toBeNull();
      expect(r.errors[0].extensions).toEqual({ code: 'STORAGE_UNAVAILABLE', retryAfter: 10, reason: 'STORAGE_UNAVAILABLE', params: {} });
      expect(r.errors[0].message).toBe('Хранилище временно недоступно, повторите позже');
    } finally {
      await restore();
      await t.close().catch(() => {});
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../src/accounts/account.entity.js';
import { hashPassword } from '../src/accounts/password.js';
import { PasswordCredential } from '../src/accounts/password.entity.js';
import { DEMO_HISTORY_DAYS } from '../src/demo/demo.js';
import { Binding } from '../src/devices/binding.entity.js';
import { MeterKind } from '../src/devices/meter-kind.js';
import { ProvisioningService } from '../src/devices/provisioning.service.js';
import { deliverUntilSeen, engines, startTestApi, type TestApi } from './harness.js';

const READING_ADDED = `subscription($ids: [ID!]) { readingAdded(meterIds: $ids) { meterId quantity time value unit } }`;

// With TEST_REDIS_URL, live readings travel through Redis, as between API processes.
const redis = !!process.env.TEST_REDIS_URL;

describe.each(engines)(`live readings over graphql-ws on %s${redis ? ' through Redis' : ''}`, (engine) => {
  let t: TestApi;
  let customer: string;
  let token: string;
  let meterIds: Record<string, string>;
  let strangerToken: string;
  let strangerMeterId: string;
  let strangerControllerToken: string;

  beforeAll(async () => {
    t = await startTestApi({ engine, redis });
    token = t.api.demo!.controller.token;
    customer = await t.signInDemo();
    const r = await t.gql(`{ viewer { meters { id serial } } }`, {}, customer);
    meterIds = Object.fromEntries(r.data.viewer.meters.map((m: { id: string; serial: string }) => [m.serial, m.id]));
    // A second customer with a controller and meter of their own.
    const em = t.api.orm.em.fork();
    const stranger = new Account('+79000000002');
    em.persist(stranger);
    em.persist(new PasswordCredential(stranger, await hashPassword('stranger-password')));
    const own = await new ProvisioningService(em).createController('C-S', [{ serial: 'E-S', kind: MeterKind.ELECTRICITY }]);
    em.persist(new Binding(stranger, { controller: own.controller }));
    await em.flush();
    strangerMeterId = String(own.meters[0].id);
    strangerControllerToken = own.token;
    const s = await t.gql(`mutation { signIn(phone: "+79000000002", password: "stranger-password") { token } }`);
    strangerToken = s.data.signIn.token;
  });
  afterAll(() => t.close());

  it('refuses a subscriber without credentials with close code 4403', async () => {
    const sub = t.subscribe(undefined, READING_ADDED);
    await sub.until(() => sub.closeCode !== undefined, 5000, 'the socket to close');
    expect(sub.closeCode).toBe(4403);
    expect(sub.events).toEqual([]);
  });

  it('refuses a subscriber whose token is unknown or signed out', async () => {
    const signedOut = await t.signInDemo();
    await t.gql(`mutation { signOut }`, {}, signedOut);
    for (const bad of ['y'.repeat(43), signedOut]) {
      const sub = t.subscribe(bad, READING_ADDED);
      await sub.until(() => sub.closeCode !== undefined, 5000, 'the socket to close');
      expect(sub.closeCode).toBe(4403);
    }
  });

  it("pushes each stored reading of the viewer's meters, with its unit, and nothing of other customers' meters", async () => {
    const mine = t.subscribe(customer, READING_ADDED);
    const theirs = t.subscribe(strangerToken, READING_ADDED);
    let time = Date.now() - 5000;
    await deliverUntilSeen(
      () => t.ingest([{ token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: ++time, value: 1234.5 }] }]),
      () => mine.events.length > 0,
    );
    expect(mine.events[0].readingAdded).toEqual({
      meterId: meterIds['E-0001'],
      quantity: 'POWER',
      time: new Date(time).toISOString(),
      value: 1234.5,
      unit: 'W',
    });
    // The stranger's own meter reaches the stranger only; nothing of ours ever reached them.
    const strangerDevice = (await t.api.orm.em.fork().getConnection().execute<Array<{ id: number }>>(`select id from controller where serial = 'C-S'`))[0];
    expect(strangerDevice).toBeDefined();
    let ts = Date.now(); // after the stranger's binding began
    await deliverUntilSeen(
      () => t.ingest([{ token: strangerControllerToken, readings: [{ meter: 'E-S', quantity: 'POWER', time: ++ts, value: 77 }] }]),
      () => theirs.events.length > 0,
    );
    expect(theirs.events.map((e) => e.readingAdded.meterId)).toEqual(theirs.events.map(() => strangerMeterId));
    expect(mine.events.every((e) => e.readingAdded.meterId === meterIds['E-0001'])).toBe(true);
    expect(mine.errors).toEqual([]);
    await mine.close();
    await theirs.close();
  });

  it('delivers the readings of a pack one by one, in the order of the pack, each to the stream of its meter', async () => {
    const sub = t.subscribe(customer, READING_ADDED, { ids: [meterIds['E-0001'], meterIds['CW-0001']] });
    let probe = Date.now() - 60_000;
    await deliverUntilSeen(
      () => t.ingest([{ token, readings: [{ meter: 'E-0001', quantity: 'VOLTAGE_L2', time: ++probe, value: 200 }] }]),
      () => sub.events.length > 0,
    );
    const base = probe + 1000;
    const readings = [
      ...[1, 2, 3, 4].map((i) => ({ meter: 'E-0001', quantity: 'VOLTAGE_L2', time: base + i * 10, value: 220 + i })),
      { meter: 'CW-0001', quantity: 'VOLUME', time: base, value: 12.5 },
      { meter: 'E-0001', quantity: 'POWER', time: base, value: 900 },
    ];
    const from = sub.events.length;
    await t.ingest([{ token, readings }]);
    await expect.poll(() => sub.events.length - from).toBe(6);
    const got = sub.events.slice(from).map((e) => [e.readingAdded.meterId, e.readingAdded.quantity, e.readingAdded.value]);
    expect(got.filter((g) => g[0] === meterIds['E-0001'])).toEqual([
      [meterIds['E-0001'], 'VOLTAGE_L2', 221],
      [meterIds['E-0001'], 'VOLTAGE_L2', 222],
      [meterIds['E-0001'], 'VOLTAGE_L2', 223],
      [meterIds['E-0001'], 'VOLTAGE_L2', 224],
      [meterIds['E-0001'], 'POWER', 900],
    ]);
    expect(got.filter((g) => g[0] === meterIds['CW-0001'])).toEqual([[meterIds['CW-0001'], 'VOLUME', 12.5]]);
    await sub.close();
  });

  it('delivers only the meters asked for with meterIds', async () => {
    const sub = t.subscribe(customer, READING_ADDED, { ids: [meterIds['CW-0001']] });
    let time = Date.now() - 5000;
    await deliverUntilSeen(
      () =>
        t.ingest([
          {
            token,
            readings: [
              { meter: 'E-0001', quantity: 'POWER', time: ++time, value: 1 },
              { meter: 'CW-0001', quantity: 'VOLUME', time, value: 3.25 },
            ],
          },
        ]),
      () => sub.events.length > 0,
    );
    expect(new Set(sub.events.map((e) => e.readingAdded.meterId))).toEqual(new Set([meterIds['CW-0001']]));
  });

  it('answers FORBIDDEN when asked for a meter that is not the viewer’s', async () => {
    const sub = t.subscribe(customer, READING_ADDED, { ids: [strangerMeterId] });
    await sub.until(() => sub.errors.length > 0, 5000, 'an error');
    expect(sub.errors[0]).toMatchObject({ message: `Нет доступа к счётчику ${strangerMeterId}`, extensions: { code: 'FORBIDDEN' } });
  });

  it('does not push a reading taken before the meter was bound to the viewer', async () => {
    const sub = t.subscribe(customer, READING_ADDED, { ids: [meterIds['HW-0001']] });
    const old = Date.now() - (DEMO_HISTORY_DAYS + 2) * 86_400_000;
    let time = Date.now() - 5000;
    await deliverUntilSeen(
      () =>
        t.ingest([
          {
            token,
            readings: [
              { meter: 'HW-0001', quantity: 'TEMPERATURE', time: old + (time - Date.now()), value: 1 },
              { meter: 'HW-0001', quantity: 'TEMPERATURE', time: ++time, value: 60 },
            ],
          },
        ]),
      () => sub.events.length > 0,
    );
    expect(sub.events.every((e) => e.readingAdded.value === 60)).toBe(true);
  });
});

describe.each(engines)('resumable live data on %s', (engine) => {
  let t: TestApi;
  let customer: string;
  let token: string;
  let meterId: string;
  beforeAll(async () => {
    t = await startTestApi({ engine });
    customer = await t.signInDemo();
    token = t.api.demo!.controller.token;
    meterId = (await t.gql(`{ viewer { meters { id serial } } }`, {}, customer)).data.viewer.meters.find((m: { serial: string }) => m.serial === 'E-0001').id;
  });
  afterAll(() => t.close());

  it('replays what was stored since `since`, then continues live, without losing or doubling a reading', async () => {
    const since = Date.now() - 60_000;
    await t.ingest([{ token, readings: [1, 2, 3].map((i) => ({ meter: 'E-0001', quantity: 'POWER', time: since + i * 1000, value: i })) }]);
    const sub = t.subscribe(customer, `subscription($m: [ID!], $s: DateTime) { readingAdded(meterIds: $m, since: $s) { value time } }`, { m: [meterId], s: new Date(since).toISOString() });
    await sub.until(() => sub.events.length >= 3, 5000, 'the replay');
    let v = 100;
    await deliverUntilSeen(
      () => t.ingest([{ token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: Date.now(), value: ++v }] }]),
      () => sub.events.some((e) => e.readingAdded.value >= 101),
    );
    const values = sub.events.map((e) => e.readingAdded.value);
    expect(values.slice(0, 3)).toEqual([1, 2, 3]);
    expect(new Set(values).size).toBe(values.length);
  });

  it('refuses a `since` more than a day back: history is what reports are for', async () => {
    const sub = t.subscribe(customer, `subscription($s: DateTime) { readingAdded(since: $s) { value } }`, { s: new Date(Date.now() - 2 * 86_400_000).toISOString() });
    await sub.until(() => sub.errors.length > 0, 5000, 'an error');
    expect(sub.errors[0]).toMatchObject({ message: 'since: не раньше чем сутки назад (историю дают отчёты)', extensions: { code: 'BAD_USER_INPUT', field: 'since' } });
  });

  it('pushes live measurements of an electricity meter: one snapshot per pack, with consumption since midnight', async () => {
    const now = Date.now();
    await t.ingest([{ token, readings: [{ meter: 'E-0001', quantity: 'ENERGY', time: now - 1000, value: 1_000_000 }] }]);
    const sub = t.subscribe(customer, `subscription($m: ID!) { liveMeasurement(meterId: $m) { time power voltage current powerFactor frequency consumptionToday registers { quantity value } } }`, { m: meterId });
    let w = 0;
    await deliverUntilSeen(
      () =>
        t.ingest([
          {
            token,
            readings: [
              { meter: 'E-0001', quantity: 'POWER', time: Date.now(), value: 500 + ++w },
              { meter: 'E-0001', quantity: 'VOLTAGE_L1', time: Date.now(), value: 231 },
              { meter: 'E-0001', quantity: 'VOLTAGE_L3', time: Date.now(), value: 229 },
              { meter: 'E-0001', quantity: 'ENERGY', time: Date.now(), value: 1_000_500 },
            ],
          },
        ]),
      () => sub.events.some((e) => e.liveMeasurement.power > 500),
    );
    const m = sub.events.find((e) => e.liveMeasurement.power > 500).liveMeasurement;
    expect(m.voltage).toEqual([231, null, 229]);
    expect(m.registers).toContainEqual({ quantity: 'ENERGY', value: 1_000_500 });
    expect(typeof m.consumptionToday).toBe('number');
  });

  it('refuses live measurements of a water meter', async () => {
    const water = (await t.gql(`{ viewer { meters { id serial } } }`, {}, customer)).data.viewer.meters.find((m: { serial: string }) => m.serial === 'CW-0001').id;
    const sub = t.subscribe(customer, `subscription($m: ID!) { liveMeasurement(meterId: $m) { power } }`, { m: water });
    await sub.until(() => sub.errors.length > 0, 5000, 'an error');
    expect(sub.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'meterId', reason: 'LIVE_ELECTRICITY_ONLY', params: {} });
  });
});

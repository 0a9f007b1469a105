import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/accounts/account.entity.js';
import { deliverUntilSeen, engines, startTestApi, type TestApi } from './harness.js';
import { BIND, makeAccount, METERS, PROVISION, provision, UNBIND } from './devices-support.js';

describe.each(engines)('devices: provisioning, binding, privacy by period on %s', (engine) => {
  let t: TestApi;
  let operator: string;
  let n = 0;
  const serial = (p: string) => `${p}-${engine.slice(0, 2).toUpperCase()}${++n}`;

  beforeAll(async () => {
    t = await startTestApi({ engine });
    operator = (await makeAccount(t, Role.OPERATOR)).token;
  });
  afterAll(() => t.close());

  describe('operators', () => {
    it('provision a controller with meters: a device token and claim labels with QR codes, shown once', async () => {
      const c = serial('C');
      const r = await t.gql(PROVISION, { i: { serial: c, model: 'NB-IoT', reportingIntervalS: 600, meters: [{ serial: `${c}-E`, kind: 'ELECTRICITY', zones: 2, phases: 3 }] } }, operator);
      expect(r.errors).toBeUndefined();
      const p = r.data.provisionController;
      expect(p.deviceToken).toMatch(/^[\w-]{32}$/);
      expect(p.controller).toMatchObject({ serial: c, reportingIntervalS: 600, status: 'NEVER_SEEN' });
      expect(p.labels.map((l: { serial: string; kind: string }) => [l.serial, l.kind])).toEqual([[c, 'CONTROLLER'], [`${c}-E`, 'METER']]);
      const label = p.labels[0];
      expect(label.claimCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      expect(new URL(label.bindUrl).pathname).toBe('/bind');
      expect(new URL(label.bindUrl).searchParams.get('code')).toBe(label.claimCode);
      expect(label.qrSvg).toMatch(/^<svg/);

      // Again: every serial number taken, each problem said where it is — the controller, and which of its meters.
      const again = await t.gql(PROVISION, { i: { serial: c, meters: [{ serial: `${c}-W`, kind: 'COLD_WATER' }, { serial: `${c}-E`, kind: 'ELECTRICITY' }] } }, operator);
      expect(again.errors![0].message).toBe(`контроллер 1: серийный номер ${c} уже зарегистрирован\nконтроллер 1, счётчик 2: серийный номер ${c}-E уже зарегистрирован`);
      expect(again.errors![0].extensions.problems).toEqual([
        { controller: 1, rule: 'SERIAL_TAKEN', params: { serial: c } },
        { controller: 1, meter: 2, rule: 'SERIAL_TAKEN', params: { serial: `${c}-E` } },
      ]);
    });

    it('import controllers and meters from CSV, all or nothing, naming each bad line', async () => {
      const c = serial('CSV');
      const good = [
        'controller_serial,controller_model,firmware,reporting_interval_s,meter_serial,meter_kind,meter_model,zones,phases,install_address,verification_due',
        `${c},NB-IoT,1.0,900,${c}-E,ELECTRICITY,Меркурий,2,3,"СПб, кв. 1",2031-05-01`,
        `${c},NB-IoT,1.0,900,${c}-W,COLD_WATER,Пульсар,1,1,"СПб, кв. 1",2029-01-15`,
      ].join('\n');
      const bad = good + `\n${c}-X,,,900,${c}-E,ELECTRICITY,,5,2,,31.12.2030\n`;
      const refused = await t.gql(`mutation($csv: String!) { importDevices(csv: $csv) { controller { serial } } }`, { csv: bad }, operator);
      const message: string = refused.errors![0].message;
      expect(message).toMatch(/строка 4: серийный номер .*-E повторяется/);
      expect(message).toMatch(/строка 4: число тарифных зон/);
      expect(message).toMatch(/строка 4: число фаз/);
      expect(message).toMatch(/строка 4: дата поверки/);
      // The same problems, each by its line and a stable rule, for clients to say in their language.
      expect(refused.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input',
        reason: 'PROVISIONING_INVALID',
        problems: [
          { line: 4, rule: 'SERIAL_REPEATED', params: { serial: `${c}-E`, firstLine: 2 } },
          { line: 4, rule: 'ZONES', params: {} },
          { line: 4, rule: 'PHASES', params: {} },
          { line: 4, rule: 'VERIFICATION_DATE', params: {} },
        ],
      });
      expect(message.split('\n')).toHaveLength(4);
      expect((await t.gql(`{ devices(search: "${c}") { serial } }`, {}, operator)).data.devices).toEqual([]);
      const r = await t.gql(`mutation($csv: String!) { importDevices(csv: $csv) { deviceToken controller { serial meters { serial kind verificationDue installAddress } } labels { serial } } }`, { csv: good }, operator);
      expect(r.data.importDevices[0].controller).toEqual({
        serial: c,
        meters: [
          { serial: `${c}-E`, kind: 'ELECTRICITY', verificationDue: '2031-05-01', installAddress: 'СПб, кв. 1' },
          { serial: `${c}-W`, kind: 'COLD_WATER', verificationDue: '2029-01-15', installAddress: 'СПб, кв. 1' },
        ].sort((a, b) => a.serial.localeCompare(b.serial)),
      });
      expect(r.data.importDevices[0].labels).toHaveLength(3);
    });

    it('find a customer’s controllers: bound themselves or through one of their meters, current bindings only', async () => {
      const [a, b, gone] = [serial('CUA'), serial('CUB'), serial('CUG')];
      const pa = await provision(t, operator, a, [{ serial: `${a}-E`, kind: 'ELECTRICITY' }]);
      const pb = await provision(t, operator, b, [{ serial: `${b}-W`, kind: 'COLD_WATER' }, { serial: `${b}-H`, kind: 'HOT_WATER' }]);
      const pg = await provision(t, operator, gone, []);
      const customer = await makeAccount(t);
      const other = await makeAccount(t);
      for (const [s, c] of [[a, pa.codes[a]], [`${b}-W`, pb.codes[`${b}-W`]], [gone, pg.codes[gone]]]) {
        expect((await t.gql(BIND, { s, c }, customer.token)).errors).toBeUndefined();
      }
      expect((await t.gql(UNBIND, { s: gone }, customer.token)).errors).toBeUndefined();
      const of = async (id: number | string, search = '') =>
        (await t.gql(`query($c: ID!, $s: String!) { devices(customer: $c, search: $s) { serial meters { serial } } }`, { c: String(id), s: search }, operator)).data.devices;
      // The controller bound itself, and the one of a bound meter (with all its meters); not the unbound one.
      expect(await of(customer.id)).toEqual([
        { serial: b, meters: [{ serial: `${b}-H` }, { serial: `${b}-W` }] },
        { serial: a, meters: [{ serial: `${a}-E` }] },
      ]);
      expect(await of(customer.id, a)).toEqual([{ serial: a, meters: [{ serial: `${a}-E` }] }]);
      // Asked for this customer's meters, the modem shared with a neighbour shows only the customer's one.
      const theirs = async (id: number | string) =>
        (await t.gql(`query($c: ID!) { devices(customer: $c) { serial meters(customer: $c) { serial } } }`, { c: String(id) }, operator)).data.devices;
      expect(await theirs(customer.id)).toEqual([
        { serial: b, meters: [{ serial: `${b}-W` }] },
        { serial: a, meters: [{ serial: `${a}-E` }] },
      ]);
      expect(await of(other.id)).toEqual([]);
      expect(await of('no-such-account')).toEqual([]);
      // Customers cannot ask.
      const refused = await t.gql(`query($c: ID!) { devices(customer: $c) { serial } }`, { c: String(customer.id) }, customer.token);
      expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
      const peeking = await t.gql(`query($c: ID!) { viewer { controllers { meters(customer: $c) { serial } } } }`, { c: String(other.id) }, customer.token);
      expect(peeking.errors![0].extensions!.code).toBe('FORBIDDEN');
    });

    it('find a controller by one of its meters’ serials, as a customer on the phone names it', async () => {
      const c = serial('MSC');
      const w = serial('MSW');
      await provision(t, operator, c, [{ serial: w, kind: 'COLD_WATER' }]);
      const find = async (search: string) => (await t.gql(`query($s: String!) { devices(search: $s) { serial meters { serial } } }`, { s: search }, operator)).data.devices;
      expect(await find(w)).toEqual([{ serial: c, meters: [{ serial: w }] }]);
      expect(await find(w.toLowerCase())).toEqual([{ serial: c, meters: [{ serial: w }] }]);
      expect(await find(c)).toEqual([{ serial: c, meters: [{ serial: w }] }]);
      expect(await find(`${w}9`)).toEqual([]);
    });

    it('find a customer’s controllers by their phone number, however it is typed (a callback has only that)', async () => {
      const c = serial('PHC');
      const p = await provision(t, operator, c, [{ serial: `${c}-W`, kind: 'COLD_WATER' }]);
      const customer = await makeAccount(t);
      expect((await t.gql(BIND, { s: c, c: p.codes[c] }, customer.token)).errors).toBeUndefined();
      const find = async (search: string) => (await t.gql(`query($s: String!) { devices(search: $s) { serial } }`, { s: search }, operator)).data.devices;
      const national = customer.phone.slice(2); // +79001234567 → 9001234567
      const typed = `8 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`;
      expect(await find(customer.phone)).toEqual([{ serial: c }]);
      expect(await find(typed)).toEqual([{ serial: c }]);
      // A number nobody has, and one of somebody without devices: nothing.
      expect(await find('+7 999 000-00-00')).toEqual([]);
      expect(await find((await makeAccount(t)).phone)).toEqual([]);
    });

    it('rotate a device token (the old one stops working) and revoke a controller', async () => {
      const c = serial('ROT');
      const p = await provision(t, operator, c, [{ serial: `${c}-E`, kind: 'ELECTRICITY' }]);
      const reading = { meter: `${c}-E`, quantity: 'POWER', time: Date.now(), value: 1 };
      expect((await t.ingest([{ token: p.token, readings: [reading] }]))[0].status).toBe('STORED');
      const fresh = (await t.gql(`mutation($s: String!) { rotateDeviceToken(serial: $s) }`, { s: c }, operator)).data.rotateDeviceToken;
      expect((await t.ingest([{ token: p.token, readings: [reading] }]))[0].status).toBe('UNAUTHORIZED');
      expect((await t.ingest([{ token: fresh, readings: [{ ...reading, time: reading.time + 1 }] }]))[0].status).toBe('STORED');
      const revoked = await t.gql(`mutation($s: String!) { revokeDevice(serial: $s) { serial status } }`, { s: c }, operator);
      expect(revoked.data.revokeDevice).toEqual({ serial: c, status: 'REVOKED' });
      expect((await t.ingest([{ token: fresh, readings: [{ ...reading, time: reading.time + 2 }] }]))[0].status).toBe('UNAUTHORIZED');
      const customer = await makeAccount(t);
      expect((await t.gql(BIND, { s: c, c: p.codes[c] }, customer.token)).errors![0].message).toBe('Неверный серийный номер или код привязки');
    });

    it('issue a new claim code: the old one stops working', async () => {
      const c = serial('CC');
      const p = await provision(t, operator, c, []);
      const fresh = (await t.gql(`mutation($s: String!) { issueClaimCode(serial: $s) { claimCode } }`, { s: c }, operator)).data.issueClaimCode.claimCode;
      const customer = await makeAccount(t);
      expect((await t.gql(BIND, { s: c, c: p.codes[c] }, customer.token)).errors![0].extensions.field).toBe('code');
      expect((await t.gql(BIND, { s: c, c: fresh }, customer.token)).data.bindDevice.kind).toBe('CONTROLLER');
    });
  });

  describe('customers', () => {
    it('bind a controller by serial and claim code, typed loosely, and see its meters', async () => {
      const c = serial('B');
      const p = await provision(t, operator, c, [{ serial: `${c}-E`, kind: 'ELECTRICITY' }, { serial: `${c}-W`, kind: 'HOT_WATER' }]);
      const customer = await makeAccount(t);
      const typed = ` ${c.toLowerCase()} `;
      const code = p.codes[c].toLowerCase().replace('-', ' ');
      const r = await t.gql(BIND, { s: typed, c: code }, customer.token);
      expect(r.data.bindDevice).toMatchObject({ kind: 'CONTROLLER', alreadyBound: false, controller: { serial: c } });
      expect(r.data.bindDevice.meters.map((m: { serial: string }) => m.serial).sort()).toEqual([`${c}-E`, `${c}-W`]);
      expect((await t.gql(BIND, { s: c, c: p.codes[c] }, customer.token)).data.bindDevice.alreadyBound).toBe(true);
    });

    it('get the same answer for a wrong serial and a wrong code, and at most 10 guesses an hour', async () => {
      const c = serial('G');
      await provision(t, operator, c, []);
      const customer = await makeAccount(t);
      const wrongSerial = await t.gql(BIND, { s: 'NO-SUCH-DEVICE', c: 'AAAAA-AAAAA' }, customer.token);
      const wrongCode = await t.gql(BIND, { s: c, c: 'AAAAA-AAAAA' }, customer.token);
      expect(wrongSerial.errors).toEqual(wrongCode.errors);
      expect(wrongCode.errors![0]).toMatchObject({ message: 'Неверный серийный номер или код привязки', extensions: { code: 'BAD_USER_INPUT', field: 'code' } });
      for (let i = 0; i < 8; i++) await t.gql(BIND, { s: c, c: `AAAAA-AAAA${i}` }, customer.token);
      const blocked = await t.gql(BIND, { s: c, c: 'AAAAA-AAAAB' }, customer.token);
      expect(blocked.errors![0].extensions.code).toBe('RATE_LIMITED');
    });

    it('cannot take a device bound to someone else; after unbinding, the next owner can', async () => {
      const c = serial('U');
      const p = await provision(t, operator, c, [{ serial: `${c}-E`, kind: 'ELECTRICITY' }]);
      const first = await makeAccount(t);
      const second = await makeAccount(t);
      await t.gql(BIND, { s: c, c: p.codes[c] }, first.token);
      const taken = await t.gql(BIND, { s: c, c: p.codes[c] }, second.token);
      expect(taken.errors![0].message).toMatch(/^Прибор привязан к другому личному кабинету/);
      expect((await t.gql(UNBIND, { s: c }, first.token)).data.unbindDevice).toBe(true);
      expect((await t.gql(METERS, {}, first.token)).data.viewer.meters).toEqual([]);
      expect((await t.gql(BIND, { s: c, c: p.codes[c] }, second.token)).data.bindDevice.meters).toHaveLength(1);
      expect((await t.gql(UNBIND, { s: c }, first.token)).data.unbindDevice).toBe(false);
    });

    it('see only readings taken while the device was theirs: a new tenant never sees the previous one’s', async () => {
      const c = serial('P');
      const meter = `${c}-E`;
      const p = await provision(t, operator, c, [{ serial: meter, kind: 'ELECTRICITY' }]);
      const first = await makeAccount(t);
      const second = await makeAccount(t);
      await t.gql(BIND, { s: c, c: p.codes[c] }, first.token);
      await t.ingest([{ token: p.token, readings: [{ meter, quantity: 'ENERGY', time: Date.now(), value: 1000 }] }]);
      expect((await t.gql(METERS, {}, first.token)).data.viewer.meters[0].lastReadings).toEqual([{ quantity: 'ENERGY', value: 1000 }]);
      await t.gql(UNBIND, { s: c }, first.token);
      await new Promise((r) => setTimeout(r, 5));
      await t.gql(BIND, { s: c, c: p.codes[c] }, second.token);
      // The first tenant's last reading is not the second's.
      expect((await t.gql(METERS, {}, second.token)).data.viewer.meters[0].lastReadings).toEqual([]);
      await t.ingest([{ token: p.token, readings: [{ meter, quantity: 'ENERGY', time: Date.now() + 5, value: 2000 }] }]);
      expect((await t.gql(METERS, {}, second.token)).data.viewer.meters[0].lastReadings).toEqual([{ quantity: 'ENERGY', value: 2000 }]);
    });

    it('label their meters, each for themselves', async () => {
      const c = serial('L');
      const p = await provision(t, operator, c, [{ serial: `${c}-W`, kind: 'COLD_WATER' }]);
      const customer = await makeAccount(t);
      const bound = await t.gql(BIND, { s: c, c: p.codes[c] }, customer.token);
      const meterId = bound.data.bindDevice.meters[0].id;
      const r = await t.gql(`mutation($m: ID!, $l: String!) { setMeterLabel(meterId: $m, label: $l) { serial label } }`, { m: meterId, l: '  Кухня,   ХВС ' }, customer.token);
      expect(r.data.setMeterLabel).toEqual({ serial: `${c}-W`, label: 'Кухня, ХВС' });
      // The first label of another meter, saved twice at once (two tabs): both saves answer, one label stays.
      const other = (await t.gql(BIND, { s: `${c}-2`, c: (await provision(t, operator, `${c}-2`, [{ serial: `${c}-2W`, kind: 'COLD_WATER' }])).codes[`${c}-2`] }, customer.token)).data.bindDevice.meters[0].id;
      const twice = await Promise.all(['Ванная', 'Санузел'].map((l) => t.gql(`mutation($m: ID!, $l: String!) { setMeterLabel(meterId: $m, label: $l) { label } }`, { m: other, l }, customer.token)));
      expect(twice.map((x) => x.errors)).toEqual([undefined, undefined]);
      const labels = (await t.gql(METERS, {}, customer.token)).data.viewer.meters.map((m: { label: string | null }) => m.label).sort();
      expect(labels).toHaveLength(2);
      expect([['Ванная', 'Кухня, ХВС'], ['Кухня, ХВС', 'Санузел']]).toContainEqual(labels);
      const stranger = await makeAccount(t);
      const denied = await t.gql(`mutation($m: ID!) { setMeterLabel(meterId: $m, label: "мой") { label } }`, { m: meterId }, stranger.token);
      expect(denied.errors![0].extensions.code).toBe('FORBIDDEN');
    });

    it('bind a single meter on its own, which then leaves the controller owner’s view', async () => {
      const c = serial('S');
      const p = await provision(t, operator, c, [{ serial: `${c}-1`, kind: 'COLD_WATER' }, { serial: `${c}-2`, kind: 'COLD_WATER' }]);
      const owner = await makeAccount(t);
      const tenant = await makeAccount(t);
      await t.gql(BIND, { s: c, c: p.codes[c] }, owner.token);
      const r = await t.gql(BIND, { s: `${c}-2`, c: p.codes[`${c}-2`] }, tenant.token);
      expect(r.data.bindDevice).toMatchObject({ kind: 'METER', controller: null });
      expect((await t.gql(METERS, {}, tenant.token)).data.viewer.meters.map((m: { serial: string }) => m.serial)).toEqual([`${c}-2`]);
      expect((await t.gql(METERS, {}, owner.token)).data.viewer.meters.map((m: { serial: string }) => m.serial)).toEqual([`${c}-1`]);
    });

    it('see the device page: status against the reporting interval, signal and battery the controller reports about itself', async () => {
      const c = serial('H');
      const p = await provision(t, operator, c, [{ serial: `${c}-E`, kind: 'ELECTRICITY' }]);
      const customer = await makeAccount(t);
      await t.gql(BIND, { s: c, c: p.codes[c] }, customer.token);
      const PAGE = `{ viewer { controllers { serial status signalDbm batteryPct lastSeenAt reportingIntervalS meters { serial } } } }`;
      expect((await t.gql(PAGE, {}, customer.token)).data.viewer.controllers[0]).toMatchObject({ serial: c, status: 'NEVER_SEEN', signalDbm: null });
      await t.ingest([
        {
          token: p.token,
          readings: [
            { meter: c, quantity: 'RSSI', time: Date.now(), value: -71 },
            { meter: c, quantity: 'BATTERY', time: Date.now(), value: 88 },
            { meter: `${c}-E`, quantity: 'POWER', time: Date.now(), value: 100 },
          ],
        },
      ]);
      expect((await t.gql(PAGE, {}, customer.token)).data.viewer.controllers[0]).toMatchObject({ status: 'ONLINE', signalDbm: -71, batteryPct: 88, meters: [{ serial: `${c}-E` }] });
      // Silence: last seen longer ago than 2.5 reporting intervals.
      const em = t.api.orm.em.fork();
      await em.getConnection().execute('update controller set last_seen_at = ? where serial = ?', [em.getPlatform().processDateProperty(new Date(Date.now() - 3 * 900_000)), c]);
      expect((await t.gql(PAGE, {}, customer.token)).data.viewer.controllers[0].status).toBe('SILENT');
    });

    it('have live streams that follow binding: a newly bound meter starts, an unbound one stops', async () => {
      const c = serial('LIVE');
      const meter = `${c}-E`;
      const p = await provision(t, operator, c, [{ serial: meter, kind: 'ELECTRICITY' }]);
      const customer = await makeAccount(t);
      const sub = t.subscribe(customer.token, `subscription { readingAdded { value } }`);
      await new Promise((r) => setTimeout(r, 200));
      await t.gql(BIND, { s: c, c: p.codes[c] }, customer.token);
      let v = 0;
      const send = () => t.ingest([{ token: p.token, readings: [{ meter, quantity: 'POWER', time: Date.now(), value: ++v }] }]);
      await deliverUntilSeen(send, () => sub.events.length > 0);
      await t.gql(UNBIND, { s: c }, customer.token);
      const seen = sub.events.length;
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 3; i++) await send();
      await new Promise((r) => setTimeout(r, 300));
      expect(sub.events.length).toBe(seen);
      expect(sub.errors).toEqual([]);
    });
  });
});

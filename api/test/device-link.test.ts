/**
 * The API side of device protocol v1's `/time` and `/config`: the bridge-only `deviceConfig` query and
 * `deviceConfigChanged` subscription, and DeviceConfigService.setReportingInterval. Real database, real
 * HTTP and WebSocket; Redis for pub/sub too when TEST_REDIS_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceConfigService } from '../src/devices/device-config.service.js';
import { MeterKind } from '../src/devices/meter-kind.js';
import { ProvisioningService } from '../src/devices/provisioning.service.js';
import { reportingPhaseS } from '../src/devices/reporting-phase.js';
import { Role } from '../src/accounts/account.entity.js';
import { makeAccount } from './devices-support.js';
import { BRIDGE_SECRET, deliverUntilSeen, engines, startTestApi, type TestApi } from './harness.js';

const CONFIG = `query($t: String!) { deviceConfig(token: $t) { controllerId serial reportingIntervalS reportingPhaseS serverTime } }`;
const CHANGED = `subscription { deviceConfigChanged { controllerId serial reportingIntervalS reportingPhaseS serverTime } }`;
const redis = !!process.env.TEST_REDIS_URL;

describe.each(engines)(`device link on %s${redis ? ' with Redis' : ''}`, (engine) => {
  let t: TestApi;
  let token: string;
  let controllerId: number;
  let customer: string;
  const service = () => new DeviceConfigService(t.api.orm.em.fork(), t.api.deps.pubSub);

  beforeAll(async () => {
    t = await startTestApi({ engine, redis });
    token = t.api.demo!.controller.token;
    customer = await t.signInDemo();
    const rows = await t.api.orm.em.fork().getConnection().execute<Array<{ id: number }>>(`select id from controller where serial = 'C-0001'`);
    controllerId = Number(rows[0].id);
  });
  afterAll(() => t.close());

  describe('deviceConfig', () => {
    it('answers only the bridges: FORBIDDEN without credentials and for a customer', async () => {
      for (const credential of [undefined, customer]) {
        const r = await t.gql(CONFIG, { t: token }, credential);
        expect(r.errors![0].extensions.code).toBe('FORBIDDEN');
      }
    });

    it("answers the controller's configuration for its device token, with the server's clock", async () => {
      const r = await t.gql(CONFIG, { t: token }, BRIDGE_SECRET);
      expect(r.data.deviceConfig).toMatchObject({ controllerId: String(controllerId), serial: 'C-0001', reportingIntervalS: 900, reportingPhaseS: reportingPhaseS(controllerId, 900) });
      expect(Math.abs(Date.parse(r.data.deviceConfig.serverTime) - Date.now())).toBeLessThan(5000);
    });

    it('answers null for an unknown token, an absurdly long one, and a revoked one', async () => {
      const em = t.api.orm.em.fork();
      const revoked = await new ProvisioningService(em).createController('C-REV', [{ serial: 'E-REV', kind: MeterKind.ELECTRICITY }]);
      expect((await t.gql(CONFIG, { t: revoked.token }, BRIDGE_SECRET)).data.deviceConfig.serial).toBe('C-REV');
      await em.getConnection().execute(`update device_token set revoked_at = ? where controller_id = ?`, [
        em.getPlatform().processDateProperty(new Date()),
        revoked.controller.id,
      ]);
      for (const bad of ['unknown-token-aaaaaaaaaaaaaaaaaaaa', 'x'.repeat(5000), revoked.token]) {
        const r = await t.gql(CONFIG, { t: bad }, BRIDGE_SECRET);
        expect(r.errors).toBeUndefined();
        expect(r.data.deviceConfig).toBeNull();
      }
    });
  });

  describe('setReportingInterval', () => {
    it('refuses an interval outside a minute … a day, or not in whole seconds, with BAD_USER_INPUT', async () => {
      for (const seconds of [59, 86_401, 90.5, -1]) {
        await expect(service().setReportingInterval(controllerId, seconds)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'seconds' } });
      }
    });

    it('answers NOT_FOUND for a controller that does not exist', async () => {
      await expect(service().setReportingInterval(999_999, 600)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    });

    it('stores the interval: deviceConfig answers it', async () => {
      expect(await service().setReportingInterval(controllerId, 1200)).toEqual({ controllerId, serial: 'C-0001', reportingIntervalS: 1200 });
      const { data } = await t.gql(CONFIG, { t: token }, BRIDGE_SECRET);
      expect(data.deviceConfig.reportingIntervalS).toBe(1200);
      expect(data.deviceConfig.reportingPhaseS).toBe(reportingPhaseS(controllerId, 1200));
    });
  });

  describe('deviceConfigChanged', () => {
    it('pushes each committed change to a bridge subscribed with the service credential', async () => {
      const sub = t.subscribe(BRIDGE_SECRET, CHANGED);
      let interval = 600;
      // Right after connecting, the subscription may not be registered yet: change until one arrives.
      await deliverUntilSeen(
        () => service().setReportingInterval(controllerId, (interval += 60)),
        () => sub.events.length > 0,
      );
      const last = () => sub.events.at(-1).deviceConfigChanged;
      await sub.until(() => last().reportingIntervalS === interval, 5000, 'the last change');
      expect(last()).toMatchObject({ controllerId: String(controllerId), serial: 'C-0001', reportingPhaseS: reportingPhaseS(controllerId, interval) });
      expect(Math.abs(Date.parse(last().serverTime) - Date.now())).toBeLessThan(5000);

      // Setting the interval it already has is not a change.
      const seen = sub.events.length;
      await service().setReportingInterval(controllerId, interval);
      await service().setReportingInterval(controllerId, interval + 60);
      await sub.until(() => sub.events.length > seen, 5000, 'the next change');
      expect(sub.events.slice(seen).map((e) => e.deviceConfigChanged.reportingIntervalS)).toEqual([interval + 60]);
      expect(sub.errors).toEqual([]);
    });

    it('tells the bridges when an operator rotates a controller’s device token or revokes the controller', async () => {
      const operator = (await makeAccount(t, Role.OPERATOR)).token;
      const created = await new ProvisioningService(t.api.orm.em.fork()).createController('C-ANN', [{ serial: 'E-ANN', kind: MeterKind.ELECTRICITY }]);
      const id = String(created.controller.id);
      const sub = t.subscribe(BRIDGE_SECRET, CHANGED);
      const mine = () => sub.events.filter((e) => e.deviceConfigChanged.controllerId === id);
      let interval = 600;
      await deliverUntilSeen(
        () => service().setReportingInterval(created.controller.id, (interval += 60)),
        () => mine().length > 0,
      );
      await sub.until(() => mine().at(-1).deviceConfigChanged.reportingIntervalS === interval, 5000, 'the last interval change');
      const before = mine().length;
      const rotated = await t.gql(`mutation { rotateDeviceToken(serial: "c-ann") }`, {}, operator);
      expect(rotated.errors).toBeUndefined();
      await sub.until(() => mine().length === before + 1, 5000, 'the rotation announced');
      const revoked = await t.gql(`mutation { revokeDevice(serial: "C-ANN") { status } }`, {}, operator);
      expect(revoked.data.revokeDevice).toEqual({ status: 'REVOKED' });
      await sub.until(() => mine().length === before + 2, 5000, 'the revocation announced');
      expect(mine().slice(before).map((e) => e.deviceConfigChanged)).toMatchObject([
        { controllerId: id, serial: 'C-ANN', reportingIntervalS: interval },
        { controllerId: id, serial: 'C-ANN', reportingIntervalS: interval },
      ]);
      expect(sub.errors).toEqual([]);
    });

    it('is FORBIDDEN to a customer, and a connection without credentials is closed with 4403', async () => {
      const mine = t.subscribe(customer, CHANGED);
      await mine.until(() => mine.errors.length > 0, 5000, 'an error');
      expect(mine.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      const anonymous = t.subscribe(undefined, CHANGED);
      await anonymous.until(() => anonymous.closeCode !== undefined, 5000, 'the socket to close');
      expect(anonymous.closeCode).toBe(4403);
    });
  });
});

/**
 * Moving out: a customer's supplier link submits the meter's readings only while the meter is theirs. Unbinding
 * stops the link (the next tenant's readings must not reach the supplier under the old лицевой счёт), and a link
 * left active on a meter that is no longer its customer's (data from before this rule) is stopped by the engine.
 * A meter bound on its own, without its controller, keeps submitting. SQLite and PostgreSQL; a real HTTP receiver
 * in the supplier's place; the engine on a clock inside November's window.
 */
import { describe, expect, it } from 'vitest';
import { Role } from '../accounts/account.entity.js';
import { SessionKind } from '../accounts/session.entity.js';
import type { Principal } from '../accounts/session.service.js';
import { AccessService } from '../devices/access.service.js';
import { Binding } from '../devices/binding.entity.js';
import { BindingService } from '../devices/binding.service.js';
import { BIND, makeAccount, provision, UNBIND } from '../../test/devices-support.js';
import { apiForBlock, engines, startTestApi } from '../../test/harness.js';
import { supplierInput, SupplierReceiver } from '../../test/supplier-receiver.js';

const LINK = `mutation($m: ID!, $s: ID!, $a: String!) { linkSupplierAccount(meterId: $m, supplierId: $s, accountNumber: $a, agree: true) { id } }`;
const LINKS = `{ viewer { meters { serial supplierLinks { accountNumber } } } }`;

describe.each(engines)('supplier links when the meter changes hands, on %s', (engine) => {
  const t = apiForBlock(() => startTestApi({ engine, env: { SUBMISSIONS_TICK_S: '0' } }));
  let n = 0;

  /** A customer with a new controller's meter (or the meter alone) bound, a reading at November's cut-off and a link to a new supplier. */
  async function linkedCustomer(receiver: SupplierReceiver, bindMeterAlone = false) {
    const operator = (await makeAccount(t, Role.OPERATOR)).token;
    const customer = await makeAccount(t);
    const controller = `MO-${engine.slice(0, 2).toUpperCase()}${++n}`;
    const meter = `${controller}-E`;
    const device = await provision(t, operator, controller, [{ serial: meter, kind: 'ELECTRICITY' }]);
    const target = bindMeterAlone ? meter : controller;
    const bound = await t.gql(BIND, { s: target, c: device.codes[target] }, customer.token);
    expect(bound.errors).toBeUndefined();
    t.api.deps.submissions.now = () => new Date('2026-11-20T10:00:00Z');
    await t.ingest([{ token: device.token, readings: [{ meter, quantity: 'ENERGY', time: Date.parse('2026-11-15T08:00:00Z'), value: 2_000_000 + n }] }]);
    const supplier = (await t.gql(`mutation($i: SupplierInput!) { createSupplier(input: $i) { id } }`, { i: supplierInput(receiver.url, { name: `Сбыт ${engine} ${n}` }) }, operator)).data.createSupplier;
    const linked = await t.gql(LINK, { m: bound.data.bindDevice.meters[0].id, s: supplier.id, a: '1234567890' }, customer.token);
    expect(linked.errors).toBeUndefined();
    return { customer, controller, meter, device, target };
  }

  async function withReceiver(work: (receiver: SupplierReceiver) => Promise<void>) {
    const receiver = await SupplierReceiver.start();
    const clock = t.api.deps.submissions.now;
    try {
      await work(receiver);
    } finally {
      t.api.deps.submissions.now = clock;
      await receiver.close();
    }
  }

  it('unbinding the controller stops the link at once: back in the flat, the customer finds it gone and nothing is submitted', async () => {
    await withReceiver(async (receiver) => {
      const { customer, controller, device } = await linkedCustomer(receiver);
      expect((await t.gql(UNBIND, { s: controller }, customer.token)).data).toEqual({ unbindDevice: true });
      expect((await t.gql(BIND, { s: controller, c: device.codes[controller] }, customer.token)).errors).toBeUndefined();
      expect((await t.gql(LINKS, {}, customer.token)).data.viewer.meters).toEqual([{ serial: `${controller}-E`, supplierLinks: [] }]);
      await t.api.deps.submissions.tick();
      expect(receiver.received).toEqual([]);
    });
  });

  it('unbinding that fails at its last step (the database gone) changes nothing: still bound, still linked, and the retry works', async () => {
    await withReceiver(async (receiver) => {
      const { customer, controller, meter } = await linkedCustomer(receiver);
      const em = t.api.orm.em.fork();
      const failing = new BindingService(em, new AccessService(em), {
        limits: t.api.deps.limits,
        pubSub: t.api.deps.pubSub,
        claimKey: '',
        alerts: {
          releaseIn: async () => {
            throw new Error('Connection terminated unexpectedly');
          },
          announceResolved: async () => undefined,
          verificationChanged: async () => undefined,
        },
      });
      const principal = { account: { id: customer.id }, session: { kind: SessionKind.SESSION } } as unknown as Principal;
      await expect(failing.unbind(principal, controller)).rejects.toThrow('Connection terminated unexpectedly');
      expect((await t.gql(LINKS, {}, customer.token)).data.viewer.meters).toEqual([{ serial: meter, supplierLinks: [{ accountNumber: '1234567890' }] }]);
      expect((await t.gql(UNBIND, { s: controller }, customer.token)).data).toEqual({ unbindDevice: true });
      expect((await t.gql(LINKS, {}, customer.token)).data.viewer.meters).toEqual([]);
    });
  });

  it('a link left active on a meter that is no longer its customer’s is stopped by the engine: the next tenant’s readings are not submitted', async () => {
    await withReceiver(async (receiver) => {
      const { customer, controller, device } = await linkedCustomer(receiver);
      // As data from before unbinding stopped links: the binding ended, the link did not.
      await t.api.orm.em.fork().nativeUpdate(Binding, { account: customer.id, unboundAt: null }, { unboundAt: new Date() });
      const next = await makeAccount(t);
      expect((await t.gql(BIND, { s: controller, c: device.codes[controller] }, next.token)).errors).toBeUndefined();
      await t.api.deps.submissions.tick();
      expect(receiver.received).toEqual([]);
      // And it stays stopped: the customer back in the flat has to link again.
      expect((await t.gql(UNBIND, { s: controller }, next.token)).data).toEqual({ unbindDevice: true });
      expect((await t.gql(BIND, { s: controller, c: device.codes[controller] }, customer.token)).errors).toBeUndefined();
      expect((await t.gql(LINKS, {}, customer.token)).data.viewer.meters).toEqual([{ serial: `${controller}-E`, supplierLinks: [] }]);
    });
  });

  it('a meter bound on its own, and a controller kept, go on submitting', async () => {
    await withReceiver(async (receiver) => {
      await linkedCustomer(receiver, true);
      await linkedCustomer(receiver);
      await t.api.deps.submissions.tick();
      expect(receiver.received).toHaveLength(2);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverUntilSeen, engines, startTestApi, type TestApi } from './harness.js';

describe.each(engines)('integrator access tokens on %s', (engine) => {
  let t: TestApi;
  let customer: string;
  beforeAll(async () => {
    t = await startTestApi({ engine });
    customer = await t.signInDemo();
  });
  afterAll(() => t.close());

  const CREATE = `mutation($n: String!) { createAccessToken(name: $n) { token accessToken { id name } } }`;

  it('is shown once, reads over HTTP and WebSocket, never writes, and stops working when revoked', async () => {
    const created = (await t.gql(CREATE, { n: 'Home Assistant' }, customer)).data.createAccessToken;
    expect(created.token).toMatch(/^askue_pat_[\w-]{43}$/);
    expect(created.accessToken.name).toBe('Home Assistant');
    const listed = (await t.gql(`{ viewer { accessTokens { id name } } }`, {}, customer)).data.viewer.accessTokens;
    expect(listed).toEqual([{ id: created.accessToken.id, name: 'Home Assistant' }]);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const pat = created.token;
    const meters = (await t.gql(`{ viewer { meters { serial } } }`, {}, pat)).data.viewer.meters;
    expect(meters).toHaveLength(3);
    for (const write of [`mutation { signOut }`, `mutation { createAccessToken(name: "x") { token } }`, `mutation { updateProfile(input: { fullName: "x" }) { fullName } }`]) {
      const r = await t.gql(write, {}, pat);
      expect(r.errors![0]).toMatchObject({ message: 'Токен интеграции даёт доступ только на чтение', extensions: { code: 'FORBIDDEN' } });
    }

    const sub = t.subscribe(pat, `subscription { readingAdded { quantity value } }`);
    let v = 10;
    await deliverUntilSeen(
      () => t.ingest([{ token: t.api.demo!.controller.token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: Date.now(), value: ++v }] }]),
      () => sub.events.length > 0,
    );
    expect(sub.events[0].readingAdded.quantity).toBe('POWER');

    expect((await t.gql(`mutation($id: ID!) { revokeAccessToken(id: $id) }`, { id: created.accessToken.id }, customer)).data.revokeAccessToken).toBe(true);
    await sub.until(() => sub.closeCode !== undefined, 5000, 'the socket to close');
    expect(sub.closeCode).toBe(4401);
    expect((await t.gql(`{ viewer { account { phone } } }`, {}, pat)).data.viewer).toBeNull();
  });

  it('needs a name', async () => {
    const r = await t.gql(CREATE, { n: '  ' }, customer);
    expect(r.errors![0]).toMatchObject({ message: 'Назовите токен, например «Home Assistant»', extensions: { field: 'name' } });
  });
});

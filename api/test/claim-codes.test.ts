/**
 * Claim-code guessing is limited per guessing account and per client address, never per device: a stranger
 * who knows a serial cannot lock its owner out, and an owner's own right codes never add to (or wipe) the
 * count of wrong ones. Addresses come from X-Forwarded-For behind one trusted proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/accounts/account.entity.js';
import { WRONG_CLAIM } from '../src/devices/binding.service.js';
import { RULES } from '../src/security/rate-limits.js';
import { BIND, makeAccount, provision, UNBIND } from './devices-support.js';
import { engines, startTestApi, type Engine, type TestApi } from './harness.js';

const setups = engines.map((engine: Engine) => ({ engine, redis: engine === 'postgresql' && !!process.env.TEST_REDIS_URL }));

describe.each(setups)('claim-code guessing on $engine (limits in Redis: $redis)', ({ engine, redis }) => {
  let t: TestApi;
  let operator: string;
  let n = 0;

  /** `bindDevice` as sent from `address`; answers «bound», RATE_LIMITED or the error message. */
  async function bind(address: string, token: string, serial: string, code: string): Promise<string> {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': address },
      body: JSON.stringify({ query: BIND, variables: { s: serial, c: code } }),
    });
    const body = (await res.json()) as { data?: { bindDevice: unknown }; errors?: Array<{ message: string; extensions: { code: string } }> };
    if (!body.errors) return 'bound';
    return body.errors[0].extensions.code === 'RATE_LIMITED' ? 'RATE_LIMITED' : body.errors[0].message;
  }
  const wrong = (i: number) => `AAAAA-${String(10_000 + i)}`;
  const device = async () => {
    const serial = `CLAIM-${engine.slice(0, 2).toUpperCase()}${++n}`;
    return { serial, code: (await provision(t, operator, serial, [])).codes[serial] };
  };

  beforeAll(async () => {
    // The per-address limit at its published default (the harness raises it for the other tests).
    t = await startTestApi({ engine, redis, env: { TRUST_PROXY: '1', BIND_FAILURES_PER_IP_PER_HOUR: String(RULES.bindIp.points) } });
    operator = (await makeAccount(t, Role.OPERATOR)).token;
  });
  afterAll(() => t.close());

  it('lets the owner bind with the right code however many wrong guesses strangers made at the device', async () => {
    const { serial, code } = await device();
    const perAccount = RULES.bindAccount.points;
    // Three strangers, each on an address of its own, spend every guess they have on this one device:
    // 30 wrong guesses, more than the 20 that used to lock the device for a day.
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      const stranger = await makeAccount(t);
      const answers = [];
      for (let i = 0; i <= perAccount; i++) answers.push(await bind(address, stranger.token, serial, wrong(i)));
      expect(answers).toEqual([...Array(perAccount).fill(WRONG_CLAIM), 'RATE_LIMITED']);
    }
    const owner = await makeAccount(t);
    expect(await bind('198.51.100.7', owner.token, serial, code)).toBe('bound');
  });

  it('counts only wrong guesses per account: binding and unbinding one’s own device neither adds to the count nor wipes it', async () => {
    const own = await device();
    const other = await device();
    const account = await makeAccount(t);
    const address = '203.0.113.20';
    const half = RULES.bindAccount.points / 2;
    for (let i = 0; i < half; i++) expect(await bind(address, account.token, other.serial, wrong(i))).toBe(WRONG_CLAIM);
    for (let round = 0; round < 2; round++) {
      expect(await bind(address, account.token, own.serial, own.code)).toBe('bound');
      expect((await t.gql(UNBIND, { s: own.serial }, account.token)).data.unbindDevice).toBe(true);
    }
    for (let i = half; i < 2 * half; i++) expect(await bind(address, account.token, other.serial, wrong(i))).toBe(WRONG_CLAIM);
    // Ten wrong guesses this hour, as published: the eleventh is refused, and so is any other try until the hour is up.
    expect(await bind(address, account.token, other.serial, wrong(99))).toBe('RATE_LIMITED');
    expect(await bind(address, account.token, own.serial, own.code)).toBe('RATE_LIMITED');
  });

  it('limits wrong guesses from one address over all its accounts, and no other address', async () => {
    const { serial, code } = await device();
    const busy = '203.0.113.30';
    const perAddress = RULES.bindIp.points;
    const perAccount = RULES.bindAccount.points;
    for (let a = 0; a < perAddress / perAccount; a++) {
      const account = await makeAccount(t);
      for (let i = 0; i < perAccount; i++) expect(await bind(busy, account.token, serial, wrong(i))).toBe(WRONG_CLAIM);
    }
    const fresh = await makeAccount(t);
    expect(await bind(busy, fresh.token, serial, wrong(0))).toBe('RATE_LIMITED');
    // The same fresh account from elsewhere still guesses, and the owner binds.
    expect(await bind('203.0.113.31', fresh.token, serial, wrong(1))).toBe(WRONG_CLAIM);
    expect(await bind('203.0.113.32', (await makeAccount(t)).token, serial, code)).toBe('bound');
  });
});

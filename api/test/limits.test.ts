import { describe, expect, it } from 'vitest';
import { apiForBlock, engines, startTestApi, type TestApi } from './harness.js';

const SIGN_IN = `mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }`;

describe.each(engines)('abuse limits on %s', (engine) => {
  const t = apiForBlock(() => startTestApi({ engine, env: { CODES_PER_IP_PER_HOUR: '20', SIGN_IN_FAILURES_PER_IP_PER_HOUR: '30' } }));

  it('stops password guessing for a phone after 5 failures, even with the right password', async () => {
    const { phone, password } = t.api.demo!;
    for (let i = 0; i < 5; i++) expect((await t.gql(SIGN_IN, { p: phone, w: `guess-${i}` })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const blocked = await t.gql(SIGN_IN, { p: phone, w: password });
    expect(blocked.errors![0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    expect(blocked.errors![0].extensions.retryAfter).toBeGreaterThan(800);
    expect(blocked.errors![0].message).toMatch(/^Слишком много попыток\. Повторите через \d+ мин$/);
    await t.api.deps.limits.reset('signInPhoneIp', `${phone}|::ffff:127.0.0.1`);
    await t.api.deps.limits.reset('signInPhoneIp', `${phone}|127.0.0.1`);
  });

  it('cannot multiply guesses with aliases: a failed sign-in ends the operation, and it counted as one guess', async () => {
    const aliases = Array.from({ length: 12 }, (_, i) => `a${i}: signIn(phone: "+79000000777", password: "guess-${i}") { token }`).join('\n');
    const r = await t.gql(`mutation { ${aliases} }`);
    expect(r.data).toBeNull();
    expect(r.errors!.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    // Four more guesses remain of five: the twelve aliases spent one.
    const next = [];
    for (let i = 0; i < 5; i++) next.push((await t.gql(SIGN_IN, { p: '+79000000777', w: `again-${i}` })).errors![0].extensions.code);
    expect(next).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'RATE_LIMITED']);
  });

  it('refuses more than 15 aliases in one operation', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: viewer { account { id } }`).join('\n');
    const r = await t.gql(`{ ${aliases} }`);
    expect(r.status).toBe(400);
    expect(r.errors![0].message).toMatch(/Aliases limit of 15 exceeded/);
  });

  it('refuses batched requests (an array of operations)', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ viewer { account { id } } }' }, { query: '{ viewer { account { id } } }' }]),
    });
    expect(res.status).toBe(400);
  });

  it('does not suggest field names to a guessing client', async () => {
    const r = await t.gql(`{ viewr { id } }`);
    expect(r.errors![0].message).not.toMatch(/Did you mean/);
  });

  it('applies the same limits on the WebSocket', async () => {
    const token = await t.signInDemo();
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: readingAdded { value }`).join('\n');
    const sub = t.subscribe(token, `subscription { ${aliases} }`);
    await sub.until(() => sub.errors.length > 0, 5000, 'an error');
    expect(JSON.stringify(sub.errors)).toMatch(/Aliases limit of 15 exceeded/);
  });

  it('limits SMS codes asked for from one address to 20 an hour', async () => {
    const results = [];
    for (let i = 0; i < 21; i++) {
      const phone = `+7901${String(1_000_000 + i)}`;
      const r = await t.gql(`mutation($p: String!, $c: String!) { requestRegistrationCode(phone: $p, captcha: $c) { resendAfter } }`, { p: phone, c: await t.captcha() });
      results.push(r.errors?.[0].extensions.code ?? 'SENT');
    }
    expect(results.slice(0, 20)).toEqual(Array(20).fill('SENT'));
    expect(results[20]).toBe('RATE_LIMITED');
  });
});

describe('error answers', () => {
  it('never carry the server stack trace, whatever NODE_ENV says (Apollo adds one outside production by default)', async () => {
    // Apollo decides when it is constructed, from process.env: start this API as `pnpm start` would, without NODE_ENV=test.
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    let t: TestApi;
    try {
      t = await startTestApi({ env: { NODE_ENV: 'development' } });
    } finally {
      process.env.NODE_ENV = previous;
    }
    try {
      const answers = [await t.gql(`{ viewr { id } }`), await t.gql(`query($q: Quantity!) { __typename }`, { q: 'power' }), await t.gql(`{ viewer {`)];
      for (const r of answers) {
        expect(r.errors!.length).toBeGreaterThan(0);
        for (const e of r.errors!) expect(e.extensions).not.toHaveProperty('stacktrace');
      }
    } finally {
      await t.close();
    }
  });
});

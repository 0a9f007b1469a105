import { describe, expect, it } from 'vitest';
import { apiForBlock, engines, startTestApi } from './harness.js';

const SIGN_IN = `mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token account { phone fullName } } }`;
const VIEWER = `{ viewer { account { phone } meters { serial kind } } }`;

describe.each(engines)('sign-in and sessions on %s', (engine) => {
  const t = apiForBlock(() => startTestApi({ engine }));

  it('signs in with the phone in any common notation and returns a working bearer token', async () => {
    const demo = t.api.demo!;
    const r = await t.gql(SIGN_IN, { p: '8 (900) 000-00-01', w: demo.password });
    expect(r.errors).toBeUndefined();
    expect(r.data.signIn.account.phone).toBe('+79000000001');
    const viewer = await t.gql(VIEWER, {}, r.data.signIn.token);
    expect(viewer.data.viewer.account.phone).toBe('+79000000001');
    expect(viewer.data.viewer.meters.map((m: { serial: string }) => m.serial).sort()).toEqual(['CW-0001', 'E-0001', 'HW-0001']);
  });

  it('answers a wrong password and an unknown phone in exactly the same way', async () => {
    const wrongPassword = await t.gql(SIGN_IN, { p: '+79000000001', w: 'not-the-password' });
    const unknownPhone = await t.gql(SIGN_IN, { p: '+79000000999', w: 'not-the-password' });
    const invalidPhone = await t.gql(SIGN_IN, { p: 'abc', w: 'not-the-password' });
    for (const r of [wrongPassword, unknownPhone, invalidPhone]) {
      expect(r.data).toBeNull();
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].message).toBe('Неверный номер телефона или пароль');
      expect(r.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password', reason: 'WRONG_CREDENTIALS', params: {} });
    }
  });

  it('sets an HttpOnly SameSite session cookie that authenticates the cabinet', async () => {
    const demo = t.api.demo!;
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SIGN_IN, variables: { p: demo.phone, w: demo.password } }),
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^askue_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const viewer = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0] },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(((await viewer.json()) as any).data.viewer.account.phone).toBe(demo.phone);
    // An account's answer is never kept by a browser or a proxy.
    expect(viewer.headers.get('cache-control')).toBe('no-store');
  });

  it('returns a null viewer without credentials and with an unknown token', async () => {
    expect((await t.gql(VIEWER)).data).toEqual({ viewer: null });
    expect((await t.gql(VIEWER, {}, 'x'.repeat(43))).data).toEqual({ viewer: null });
  });

  it('signOut revokes the token on the server', async () => {
    const token = await t.signInDemo();
    expect((await t.gql(`mutation { signOut }`, {}, token)).data).toEqual({ signOut: true });
    expect((await t.gql(VIEWER, {}, token)).data).toEqual({ viewer: null });
    expect((await t.gql(`mutation { signOut }`, {}, token)).data).toEqual({ signOut: false });
  });

  it('refuses a cross-site simple POST (CSRF prevention)', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(res.status).toBe(400);
  });

  it('answers an oversized request body with 413 and a readable GraphQL error', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: VIEWER, variables: { pad: 'x'.repeat(1.1 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

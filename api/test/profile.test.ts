import { describe, expect, it } from 'vitest';
import { apiForBlock, engines, startWithDelivery } from './harness.js';
import { confirmEmail, freshPhone, registerAccount, SIGN_IN, VIEWER } from './accounts-support.js';

describe.each(engines)('profile and sessions on %s', (engine) => {
  const t = apiForBlock(() => startWithDelivery({ engine }));

  it('edits the full name and the address', async () => {
    const user = await registerAccount(t);
    const r = await t.gql(`mutation { updateProfile(input: { fullName: "Петрова Мария", address: "Москва, ул. Ленина, 1" }) { fullName address } }`, {}, user.token);
    expect(r.data.updateProfile).toEqual({ fullName: 'Петрова Мария', address: 'Москва, ул. Ленина, 1' });
    const cleared = await t.gql(`mutation { updateProfile(input: { address: "" }) { fullName address } }`, {}, user.token);
    expect(cleared.data.updateProfile).toEqual({ fullName: 'Петрова Мария', address: null });
    const bad = await t.gql(`mutation { updateProfile(input: { fullName: " " }) { fullName } }`, {}, user.token);
    expect(bad.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'fullName', reason: 'FULL_NAME_REQUIRED', params: {} });
  });

  it('changes the email with the current password; the new one must be confirmed, the old one is told', async () => {
    const user = await registerAccount(t);
    await confirmEmail(t, user.email);
    const CHANGE = `mutation($e: String!, $p: String!) { changeEmail(email: $e, currentPassword: $p) { email emailConfirmed } }`;
    const wrong = await t.gql(CHANGE, { e: 'new@example.ru', p: 'not my password' }, user.token);
    expect(wrong.errors![0]).toMatchObject({ message: 'Неверный текущий пароль', extensions: { field: 'currentPassword' } });
    const newEmail = `changed${user.phone.slice(-7)}@example.ru`;
    const r = await t.gql(CHANGE, { e: newEmail, p: user.password }, user.token);
    expect(r.data.changeEmail).toEqual({ email: newEmail, emailConfirmed: false });
    expect((await t.mail.waitFor(user.email, /адрес электронной почты изменён/)).text).toContain(newEmail);
    await confirmEmail(t, newEmail);
    expect((await t.gql(VIEWER, {}, user.token)).data.viewer.account).toMatchObject({ email: newEmail, emailConfirmed: true });
  });

  it('changes the phone with a code sent to the new number and the current password', async () => {
    const user = await registerAccount(t);
    const target = freshPhone();
    const sent = await t.gql(`mutation($p: String!) { requestPhoneChangeCode(phone: $p) { resendAfter challenge } }`, { p: target }, user.token);
    expect(sent.data.requestPhoneChangeCode.resendAfter).toBe(60);
    const ch = sent.data.requestPhoneChangeCode.challenge;
    const code = await t.sms.code(target);
    expect(t.sms.messages.at(-1)!.text).toMatch(/код для смены номера телефона/);
    const CHANGE = `mutation($p: String!, $c: String!, $ch: String!, $w: String!) { changePhone(phone: $p, code: $c, challenge: $ch, currentPassword: $w) { phone } }`;
    expect((await t.gql(CHANGE, { p: target, c: code, ch, w: 'wrong password' }, user.token)).errors![0].extensions.field).toBe('currentPassword');
    expect((await t.gql(CHANGE, { p: target, c: code, ch, w: user.password }, user.token)).data.changePhone).toEqual({ phone: target });
    expect((await t.gql(SIGN_IN, { p: target, w: user.password })).data.signIn.token).toBeTruthy();
    expect((await t.gql(SIGN_IN, { p: user.phone, w: user.password })).errors).toBeDefined();
  });

  it('does not move to a phone another account has', async () => {
    const a = await registerAccount(t);
    const b = await registerAccount(t);
    const sent = await t.gql(`mutation($p: String!) { requestPhoneChangeCode(phone: $p) { challenge } }`, { p: b.phone }, a.token);
    const code = await t.sms.code(b.phone, 1);
    const r = await t.gql(
      `mutation($p: String!, $c: String!, $ch: String!, $w: String!) { changePhone(phone: $p, code: $c, challenge: $ch, currentPassword: $w) { phone } }`,
      { p: b.phone, c: code, ch: sent.data.requestPhoneChangeCode.challenge, w: a.password },
      a.token,
    );
    expect(r.errors![0]).toMatchObject({ message: 'Этот номер уже привязан к другому личному кабинету', extensions: { field: 'phone' } });
  });

  it('changes the password with the current one and ends the other sessions', async () => {
    const user = await registerAccount(t);
    const other = (await t.gql(SIGN_IN, { p: user.phone, w: user.password })).data.signIn.token;
    const CHANGE = `mutation($w: String!, $c: String) { changePassword(password: $w, currentPassword: $c) { phone } }`;
    expect((await t.gql(CHANGE, { w: 'a fresh new secret' }, user.token)).errors![0].extensions.field).toBe('currentPassword');
    expect((await t.gql(CHANGE, { w: 'qwerty123', c: user.password }, user.token)).errors![0].extensions.field).toBe('password');
    expect((await t.gql(CHANGE, { w: 'a fresh new secret', c: user.password }, user.token)).errors).toBeUndefined();
    expect((await t.gql(VIEWER, {}, other)).data.viewer).toBeNull();
    expect((await t.gql(VIEWER, {}, user.token)).data.viewer.account.phone).toBe(user.phone);
  });

  it('lists the sessions with the current one marked, ends one or all others', async () => {
    const user = await registerAccount(t);
    const second = (await t.gql(SIGN_IN, { p: user.phone, w: user.password })).data.signIn.token;
    const third = (await t.gql(SIGN_IN, { p: user.phone, w: user.password })).data.signIn.token;
    const list = (await t.gql(`{ viewer { sessions { id current userAgent } } }`, {}, user.token)).data.viewer.sessions;
    expect(list).toHaveLength(3);
    expect(list.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const secondId = (await t.gql(`{ viewer { sessions { id current } } }`, {}, second)).data.viewer.sessions.find((s: { current: boolean }) => s.current).id;
    expect((await t.gql(`mutation($id: ID!) { revokeSession(id: $id) }`, { id: secondId }, user.token)).data.revokeSession).toBe(true);
    expect((await t.gql(VIEWER, {}, second)).data.viewer).toBeNull();
    expect((await t.gql(`mutation { signOutOtherSessions }`, {}, user.token)).data.signOutOtherSessions).toBe(1);
    expect((await t.gql(VIEWER, {}, third)).data.viewer).toBeNull();
  });

  it("cannot end another account's session", async () => {
    const a = await registerAccount(t);
    const b = await registerAccount(t);
    const bId = (await t.gql(`{ viewer { sessions { id } } }`, {}, b.token)).data.viewer.sessions[0].id;
    expect((await t.gql(`mutation($id: ID!) { revokeSession(id: $id) }`, { id: bId }, a.token)).data.revokeSession).toBe(false);
    expect((await t.gql(VIEWER, {}, b.token)).data.viewer).not.toBeNull();
  });

  it('closes the live socket of a session when it is revoked (4401)', async () => {
    const user = await registerAccount(t);
    const second = (await t.gql(SIGN_IN, { p: user.phone, w: user.password })).data.signIn.token;
    const sub = t.subscribe(second, `subscription { readingAdded { value } }`);
    await new Promise((r) => setTimeout(r, 300));
    await t.gql(`mutation { signOutOtherSessions }`, {}, user.token);
    await sub.until(() => sub.closeCode !== undefined, 5000, 'the socket to close');
    expect(sub.closeCode).toBe(4401);
  });
});

import { describe, expect, it } from 'vitest';
import { apiForBlock, engines, startWithDelivery } from './harness.js';
import { confirmEmail, freshPhone, registerAccount, SIGN_IN, VIEWER } from './accounts-support.js';
import { CodePurpose } from '../src/accounts/phone-code.entity.js';
import { resendKey } from '../src/accounts/verification.service.js';

const REQUEST = `mutation($l: String!) { requestPasswordRecovery(login: $l) { channel resendAfter expiresIn } }`;
const WITH_CODE = `mutation($p: String!, $c: String!, $ch: String!) { recoverWithCode(phone: $p, code: $c, challenge: $ch) { token mustChangePassword account { phone } } }`;
/** The same request, for the challenge that must come back with the code. */
const CHALLENGE = `mutation($l: String!) { requestPasswordRecovery(login: $l) { challenge } }`;
const RESET = `mutation($t: String!, $w: String!) { resetPassword(token: $t, password: $w) { token mustChangePassword } }`;
const CHANGE = `mutation($w: String!, $c: String) { changePassword(password: $w, currentPassword: $c) { phone } }`;

describe.each(engines)('password recovery on %s', (engine) => {
  const t = apiForBlock(() => startWithDelivery({ engine }));

  it('by phone: the SMS code signs in, asks for a new password, and the reset ends the other sessions', async () => {
    const user = await registerAccount(t);
    const other = (await t.gql(SIGN_IN, { p: user.phone, w: user.password })).data.signIn.token;
    const started = await t.gql(REQUEST.replace('expiresIn', 'expiresIn challenge'), { l: user.phone.replace('+7', '8') });
    expect(started.data.requestPasswordRecovery).toEqual({ channel: 'SMS', resendAfter: 60, expiresIn: 600, challenge: expect.stringMatching(/^[\w-]{32}$/) });
    const code = await t.sms.code(user.phone, 1);
    expect(t.sms.messages.at(-1)!.text).toMatch(/код для входа в личный кабинет/);
    const signed = await t.gql(WITH_CODE, { p: user.phone, c: code, ch: started.data.requestPasswordRecovery.challenge });
    expect(signed.data.recoverWithCode).toMatchObject({ mustChangePassword: true, account: { phone: user.phone } });
    const recovery = signed.data.recoverWithCode.token;
    expect((await t.gql(VIEWER, {}, recovery)).data.viewer.mustChangePassword).toBe(true);
    // No current password is asked in a recovery session.
    expect((await t.gql(CHANGE, { w: 'brand new secret' }, recovery)).errors).toBeUndefined();
    expect((await t.gql(VIEWER, {}, recovery)).data.viewer.mustChangePassword).toBe(false);
    expect((await t.gql(VIEWER, {}, other)).data.viewer).toBeNull();
    expect((await t.gql(VIEWER, {}, user.token)).data.viewer).toBeNull();
    expect((await t.gql(SIGN_IN, { p: user.phone, w: user.password })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(SIGN_IN, { p: user.phone, w: 'brand new secret' })).data.signIn.token).toBeTruthy();
  });

  it('by email: a link valid one hour sets a new password once, signs in and ends the other sessions', async () => {
    const user = await registerAccount(t);
    await confirmEmail(t, user.email);
    const started = await t.gql(REQUEST, { l: user.email.toUpperCase() });
    expect(started.data.requestPasswordRecovery).toEqual({ channel: 'EMAIL', resendAfter: 60, expiresIn: 3600 });
    const link = await t.mail.link(user.email, /восстановление пароля/);
    expect(link.pathname).toBe('/recovery/reset');
    const weak = await t.gql(RESET, { t: link.searchParams.get('token'), w: '123456789' });
    expect(weak.errors![0].extensions.field).toBe('password');
    const r = await t.gql(RESET, { t: link.searchParams.get('token'), w: 'another fine secret' });
    expect(r.data.resetPassword).toMatchObject({ mustChangePassword: false });
    expect((await t.gql(VIEWER, {}, user.token)).data.viewer).toBeNull();
    expect((await t.gql(VIEWER, {}, r.data.resetPassword.token)).data.viewer.account.phone).toBe(user.phone);
    const again = await t.gql(RESET, { t: link.searchParams.get('token'), w: 'yet another secret' });
    expect(again.errors![0]).toMatchObject({ message: 'Ссылка недействительна или устарела. Запросите восстановление ещё раз', extensions: { field: 'token' } });
    expect((await t.mail.waitFor(user.email, /пароль изменён/)).text).toMatch(/другие сеансы завершены/);
  });

  it('by email: the link stops working after an hour', async () => {
    const user = await registerAccount(t);
    await confirmEmail(t, user.email);
    await t.gql(REQUEST, { l: user.email });
    const link = await t.mail.link(user.email, /восстановление пароля/);
    const em = t.api.orm.em.fork();
    await em.getConnection().execute(`update one_time_token set expires_at = ? where purpose = 'PASSWORD_RESET'`, [em.getPlatform().processDateProperty(new Date(Date.now() - 1))]);
    expect((await t.gql(RESET, { t: link.searchParams.get('token'), w: 'another fine secret' })).errors![0].extensions.field).toBe('token');
  });

  it('answers the same for an unknown phone, sending nothing, down to the attempts left', async () => {
    const known = await registerAccount(t);
    const unknown = freshPhone();
    const a = await t.gql(REQUEST.replace('expiresIn', 'expiresIn challenge'), { l: known.phone });
    const b = await t.gql(REQUEST.replace('expiresIn', 'expiresIn challenge'), { l: unknown });
    const { challenge: chA, ...answerA } = a.data.requestPasswordRecovery;
    const { challenge: chB, ...answerB } = b.data.requestPasswordRecovery;
    expect(answerB).toEqual(answerA);
    expect(chB).toMatch(/^[\w-]{32}$/);
    expect(t.sms.count(unknown)).toBe(0);
    const guessKnown = await t.gql(WITH_CODE, { p: known.phone, c: '000001', ch: chA });
    const guessUnknown = await t.gql(WITH_CODE, { p: unknown, c: '000001', ch: chB });
    expect(guessKnown.errors![0].extensions.reason).toBe('WRONG_CODE_ATTEMPTS_LEFT');
    expect(guessUnknown.errors).toEqual(guessKnown.errors);
  });

  it('answers the same for an unknown or unconfirmed email, sending nothing', async () => {
    const unconfirmed = await registerAccount(t);
    await t.mail.waitFor(unconfirmed.email, /подтвердите адрес/);
    const a = await t.gql(REQUEST, { l: 'nobody@example.ru' });
    const b = await t.gql(REQUEST, { l: unconfirmed.email });
    expect(a.data).toEqual({ requestPasswordRecovery: { channel: 'EMAIL', resendAfter: 60, expiresIn: 3600 } });
    expect(b.data).toEqual(a.data);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.mail.to('nobody@example.ru')).toEqual([]);
    expect(t.mail.to(unconfirmed.email).filter((m) => /восстановление/.test(m.subject))).toEqual([]);
  });

  it('refuses a login that is neither a phone nor an email', async () => {
    const r = await t.gql(REQUEST, { l: 'hello' });
    expect(r.errors![0]).toMatchObject({ message: 'Введите номер мобильного телефона, например +7 900 123-45-67', extensions: { field: 'login' } });
  });

  it('does not accept a registration code for recovery: codes are bound to their purpose', async () => {
    const user = await registerAccount(t);
    const registrationCode = await t.sms.code(user.phone);
    const ch = (await t.gql(CHALLENGE, { l: user.phone })).data.requestPasswordRecovery.challenge;
    const recoveryCode = await t.sms.code(user.phone, 1);
    const r = await t.gql(WITH_CODE, { p: user.phone, c: registrationCode, ch });
    // (Were the two random codes the same, the registration code would be the recovery code: nothing to test.)
    if (recoveryCode !== registrationCode) expect(r.errors![0].extensions).toMatchObject({ field: 'code', reason: 'WRONG_CODE_ATTEMPTS_LEFT' });
  });

  it('sends a recovery SMS right after registering, and refuses a second one within the minute saying when it can be sent', async () => {
    const user = await registerAccount(t); // an SMS code a moment ago, for registration
    const started = await t.gql(REQUEST, { l: user.phone });
    expect(started.data.requestPasswordRecovery).toEqual({ channel: 'SMS', resendAfter: 60, expiresIn: 600 });
    await t.sms.code(user.phone, 1);
    const again = await t.gql(REQUEST, { l: user.phone });
    const wait = again.errors![0].extensions.retryAfter;
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(again.errors![0].message).toBe(`Новый код можно отправить через ${wait} с`);
    expect(again.errors![0].extensions).toEqual({ code: 'RATE_LIMITED', reason: 'SMS_RESEND_WAIT', retryAfter: wait, params: { retryAfter: wait } });
    expect(Number(again.headers.get('retry-after'))).toBe(wait);
    expect(t.sms.count(user.phone)).toBe(2);
  });

  it('after five codes to one phone in an hour, whatever they were for, says when the next one can be sent', async () => {
    const user = await registerAccount(t); // the first code of the hour
    for (let i = 0; i < 4; i++) {
      await t.api.deps.limits.reset('codeResend', resendKey(user.phone, CodePurpose.RECOVERY)); // as if the minute had passed
      expect((await t.gql(REQUEST, { l: user.phone })).errors).toBeUndefined();
    }
    await t.api.deps.limits.reset('codeResend', resendKey(user.phone, CodePurpose.RECOVERY));
    const sixth = await t.gql(REQUEST, { l: user.phone });
    const wait = sixth.errors![0].extensions.retryAfter;
    expect(wait).toBeGreaterThan(3500); // the hour began with the registration code a few seconds ago
    expect(sixth.errors![0].message).toBe(`Лимит кодов на этот номер за час исчерпан. Новый код можно отправить через ${Math.ceil(wait / 60)} мин`);
    expect(sixth.errors![0].extensions).toEqual({ code: 'RATE_LIMITED', reason: 'SMS_HOURLY_LIMIT', retryAfter: wait, params: { retryAfter: wait } });
    expect(t.sms.count(user.phone)).toBe(5);
  });
});

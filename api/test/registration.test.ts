import { describe, expect, it } from 'vitest';
import { Account } from '../src/accounts/account.entity.js';
import { PasswordCredential } from '../src/accounts/password.entity.js';
import { CodePurpose } from '../src/accounts/phone-code.entity.js';
import { resendKey } from '../src/accounts/verification.service.js';
import { apiForBlock, engines, startWithDelivery } from './harness.js';
import { freshPhone, REGISTER, registerAccount, REQUEST_CODE, SIGN_IN, VERIFY_CODE, VIEWER } from './accounts-support.js';

describe.each(engines)('registration on %s', (engine) => {
  const t = apiForBlock(() => startWithDelivery({ engine }));

  async function verifiedToken(phone = freshPhone()) {
    const before = t.sms.count(phone);
    const requested = await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() });
    expect(requested.errors).toBeUndefined();
    const challenge = requested.data.requestRegistrationCode.challenge as string;
    const v = await t.gql(VERIFY_CODE, { p: phone, c: await t.sms.code(phone, before), ch: challenge });
    return { phone, challenge, ...v.data.verifyRegistrationCode };
  }

  describe('the captcha', () => {
    it('is required before an SMS is sent', async () => {
      const phone = freshPhone();
      const r = await t.gql(REQUEST_CODE, { p: phone, c: '' });
      expect(r.errors![0]).toMatchObject({ message: 'Подтвердите, что вы не робот', extensions: { code: 'BAD_USER_INPUT', field: 'captcha' } });
      expect(t.sms.count(phone)).toBe(0);
    });

    it('is good for one request only', async () => {
      const captcha = await t.captcha();
      expect((await t.gql(REQUEST_CODE, { p: freshPhone(), c: captcha })).errors).toBeUndefined();
      const again = await t.gql(REQUEST_CODE, { p: freshPhone(), c: captcha });
      expect(again.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'captcha' } });
      expect(again.errors![0].message).toMatch(/уже использована/);
    });

    it('refuses a forged solution', async () => {
      const payload = JSON.parse(Buffer.from(await t.captcha(), 'base64').toString());
      const key: string = payload.solution.derivedKey;
      payload.solution.derivedKey = (key[0] === '0' ? '1' : '0') + key.slice(1);
      const r = await t.gql(REQUEST_CODE, { p: freshPhone(), c: Buffer.from(JSON.stringify(payload)).toString('base64') });
      expect(r.errors![0]).toMatchObject({ message: 'Проверка «Я не робот» не пройдена', extensions: { field: 'captcha' } });
    });
  });

  describe('the SMS code', () => {
    it('goes to the normalised number: 6 digits, valid 10 minutes, with the operator’s name', async () => {
      const r = await t.gql(REQUEST_CODE, { p: '8 (900) 555-12-34', c: await t.captcha() });
      expect(r.data.requestRegistrationCode).toEqual({ resendAfter: 60, expiresIn: 600, codeLength: 6, challenge: expect.stringMatching(/^[\w-]{32}$/) });
      const code = await t.sms.code('+79005551234');
      expect(code).toMatch(/^\d{6}$/);
      expect(t.sms.messages.at(-1)!.text).toBe(`Комета: код для регистрации ${code}. Действует 10 минут. Никому его не сообщайте.`);
    });

    it('refuses a number that is not a phone number, naming the field', async () => {
      const r = await t.gql(REQUEST_CODE, { p: '12345', c: await t.captcha() });
      expect(r.errors![0]).toMatchObject({ message: 'Введите номер мобильного телефона, например +7 900 123-45-67', extensions: { field: 'phone' } });
    });

    it('cannot be resent within a minute: RATE_LIMITED with the seconds to wait', async () => {
      const phone = freshPhone();
      await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() });
      const again = await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() });
      expect(again.errors![0].extensions.code).toBe('RATE_LIMITED');
      expect(again.errors![0].extensions.retryAfter).toBeGreaterThan(50);
      expect(again.errors![0].extensions.retryAfter).toBeLessThanOrEqual(60);
      expect(t.sms.count(phone)).toBe(1);
    });

    it('counts wrong guesses down and dies after five, even for the right code', async () => {
      const phone = freshPhone();
      const ch = (await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() })).data.requestRegistrationCode.challenge;
      const code = await t.sms.code(phone);
      const wrong = code === '000000' ? '111111' : '000000';
      const messages = [];
      for (let i = 0; i < 5; i++) messages.push((await t.gql(VERIFY_CODE, { p: phone, c: wrong, ch })).errors![0].message);
      expect(messages).toEqual([
        'Неверный код. Осталось попыток: 4',
        'Неверный код. Осталось попыток: 3',
        'Неверный код. Осталось попыток: 2',
        'Неверный код. Осталось попыток: 1',
        'Неверный код. Попытки исчерпаны — запросите новый код',
      ]);
      const right = await t.gql(VERIFY_CODE, { p: phone, c: code, ch });
      expect(right.errors![0]).toMatchObject({ message: 'Код больше не действует: слишком много попыток. Запросите новый код', extensions: { field: 'code' } });
    });

    it('expires after 10 minutes', async () => {
      const phone = freshPhone();
      const ch = (await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() })).data.requestRegistrationCode.challenge;
      const code = await t.sms.code(phone);
      const em = t.api.orm.em.fork();
      await em.getConnection().execute('update phone_code set expires_at = ? where phone = ?', [em.getPlatform().processDateProperty(new Date(Date.now() - 1000)), phone]);
      const r = await t.gql(VERIFY_CODE, { p: phone, c: code, ch });
      expect(r.errors![0].message).toBe('Срок действия кода истёк. Запросите новый код');
    });

    it('is single use', async () => {
      const { phone, challenge } = await verifiedToken();
      const code = await t.sms.code(phone);
      const again = await t.gql(VERIFY_CODE, { p: phone, c: code, ch: challenge });
      expect(again.errors![0]).toMatchObject({ message: 'Код уже использован. Запросите новый код', extensions: { code: 'BAD_USER_INPUT', field: 'code', reason: 'CODE_USED' } });
    });

    it('can be tried only by the client that asked for it: a stranger who knows the phone neither tries it nor uses up its attempts', async () => {
      const phone = freshPhone();
      const ch = (await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() })).data.requestRegistrationCode.challenge;
      const code = await t.sms.code(phone);
      // The stranger has no challenge, or one of their own making: nothing is compared, nothing of the owner's spent —
      // not even with the right code.
      const refused = [];
      for (const stranger of ['', 'made-up-challenge', ch.slice(0, -1)]) {
        for (let i = 0; i < 6; i++) refused.push((await t.gql(VERIFY_CODE, { p: phone, c: i === 5 ? code : String(i).repeat(6), ch: stranger })).errors![0].extensions.reason);
      }
      expect(refused).toEqual(Array(18).fill('CODE_NOT_REQUESTED'));
      // Nor does a code the stranger requests for the same phone a minute later void the owner's.
      await t.api.deps.limits.reset('codeResend', resendKey(phone, CodePurpose.REGISTRATION));
      const theirs = await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() });
      expect(theirs.data.requestRegistrationCode.challenge).not.toBe(ch);
      const wrong = code === '000000' ? '111111' : '000000';
      // …nor do the stranger's guesses at their own code spend the owner's: ten, as many as one code's limit takes.
      const theirGuesses = [];
      for (let i = 0; i < 10; i++) theirGuesses.push((await t.gql(VERIFY_CODE, { p: phone, c: wrong, ch: theirs.data.requestRegistrationCode.challenge })).errors![0].extensions.reason);
      expect(theirGuesses.slice(4)).toEqual(['WRONG_CODE_NO_ATTEMPTS_LEFT', ...Array(5).fill('CODE_TOO_MANY_ATTEMPTS')]);
      // The owner's code still has all five attempts: a wrong one says 4 are left, then the right one works.
      expect((await t.gql(VERIFY_CODE, { p: phone, c: wrong, ch })).errors![0].message).toBe('Неверный код. Осталось попыток: 4');
      const v = await t.gql(VERIFY_CODE, { p: phone, c: code, ch });
      expect(v.errors).toBeUndefined();
      expect(v.data.verifyRegistrationCode.accountExists).toBe(false);
    });
  });

  describe('the account', () => {
    it('is created signed in, with the password hashed by argon2id (m=19456, t=2, p=1), and a confirmation email', async () => {
      const { phone, verificationToken, accountExists } = await verifiedToken();
      expect(accountExists).toBe(false);
      const email = `new${phone.slice(-7)}@example.ru`;
      const r = await t.gql(REGISTER, {
        i: { verificationToken, password: 'correct horse battery', fullName: '  Сидорова   Анна ', email: email.toUpperCase(), address: 'Санкт-Петербург' },
      });
      expect(r.errors).toBeUndefined();
      expect(r.data.register.account).toMatchObject({ phone, fullName: 'Сидорова Анна', email, emailConfirmed: false, address: 'Санкт-Петербург' });
      expect(r.data.register.mustChangePassword).toBe(false);
      const viewer = await t.gql(VIEWER, {}, r.data.register.token);
      expect(viewer.data.viewer.account.phone).toBe(phone);
      const credential = await t.api.orm.em.fork().findOneOrFail(PasswordCredential, { account: { phone } });
      expect(credential.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const confirmation = await t.mail.waitFor(email, /подтвердите адрес/);
      expect(confirmation.text).toMatch(/Ссылка действует 24 часа/);
      expect(t.mail.to(email).some((m) => /данные для входа/.test(m.subject))).toBe(false);
    });

    it('in English from the first SMS when the page asking is in English: the code, the confirmation and the login, later a recovery code', async () => {
      const phone = freshPhone();
      const requested = await t.gql(`mutation($p: String!, $c: String!) { requestRegistrationCode(phone: $p, captcha: $c, language: EN) { challenge } }`, { p: phone, c: await t.captcha() });
      const code = await t.sms.code(phone);
      expect(t.sms.messages.at(-1)!.text).toBe(`Cometa: your registration code is ${code}. Valid for 10 minutes. Do not tell it to anyone.`);
      const v = await t.gql(VERIFY_CODE, { p: phone, c: code, ch: requested.data.requestRegistrationCode.challenge });
      const email = `en${phone.slice(-7)}@example.ru`;
      const r = await t.gql(`mutation($i: RegisterInput!) { register(input: $i) { account { language } } }`, {
        i: { verificationToken: v.data.verifyRegistrationCode.verificationToken, password: 'correct horse battery', fullName: 'Jane Doe', email, sendPassword: true, language: 'EN' },
      });
      expect(r.data.register.account.language).toBe('EN');
      const confirmation = await t.mail.waitFor(email, /confirm your email address/);
      expect(confirmation.text).toMatch(/^Hello,\n\nTo confirm the email address of your .+ account, open this link:\n.+\/confirm-email\?token=/);
      expect(confirmation.text).toContain('The link works once, for 24 hours.');
      const credentials = await t.mail.waitFor(email, /your sign-in details/);
      expect(credentials.text).toContain(`Login (phone number): ${phone}`);
      await t.gql(`mutation($l: String!) { requestPasswordRecovery(login: $l) { channel } }`, { l: phone });
      const recovery = await t.sms.code(phone, 1);
      expect(t.sms.messages.at(-1)!.text).toBe(`Cometa: your sign-in code is ${recovery}. Valid for 10 minutes. Do not tell it to anyone.`);
    });

    it('in the time zone the page sends (Moscow without one); an unknown zone is refused and the phone’s proof kept', async () => {
      const { phone, verificationToken } = await verifiedToken();
      const REGISTER_IN = `mutation($i: RegisterInput!) { register(input: $i) { account { timeZone } } }`;
      const input = { verificationToken, password: 'correct horse battery', fullName: 'Петров Пётр', email: `tz${phone.slice(-7)}@example.ru` };
      const refused = await t.gql(REGISTER_IN, { i: { ...input, timeZone: 'Asia/Atlantis' } });
      expect(refused.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'timeZone', reason: 'TIME_ZONE_UNKNOWN', params: {} });
      const r = await t.gql(REGISTER_IN, { i: { ...input, timeZone: 'Asia/Yekaterinburg' } });
      expect(r.errors).toBeUndefined();
      expect(r.data.register.account.timeZone).toBe('Asia/Yekaterinburg');

      const other = await verifiedToken();
      const moscow = await t.gql(REGISTER_IN, { i: { ...input, verificationToken: other.verificationToken, email: `tz${other.phone.slice(-7)}@example.ru` } });
      expect(moscow.data.register.account.timeZone).toBe('Europe/Moscow');
    });

    it('«Отправить пароль» sends one email with the login and the password', async () => {
      const { phone, email, password } = await registerAccount(t, { sendPassword: true });
      const credentials = await t.mail.waitFor(email, /данные для входа/);
      expect(credentials.text).toContain(`Логин (номер телефона): ${phone}`);
      expect(credentials.text).toContain(`Пароль: ${password}`);
      expect(t.mail.to(email).filter((m) => /данные для входа/.test(m.subject))).toHaveLength(1);
    });

    it.each([
      ['a common password', 'qwerty123', 'Это один из самых распространённых паролей — придумайте другой'],
      ['a password typed in the Russian layout', 'пароль-на-русском', 'Пароль набран в русской раскладке — переключите клавиатуру на английский язык'],
      ['a short password', 'Xy7#k', 'Пароль должен быть не короче 8 символов'],
      ['a password over 128 characters', 'x'.repeat(129), 'Пароль должен быть не длиннее 128 символов'],
      ['non-ASCII symbols', 'pässwörd-lang', 'Пароль может содержать только латинские буквы, цифры и символы'],
    ])('refuses %s, naming the field, and keeps the phone proof usable', async (_what, password, message) => {
      const { verificationToken } = await verifiedToken();
      const r = await t.gql(REGISTER, { i: { verificationToken, password, fullName: 'Имя', email: 'a@example.ru' } });
      expect(r.errors![0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT', field: 'password' } });
      const retry = await t.gql(REGISTER, { i: { verificationToken, password: 'a much better one', fullName: 'Имя', email: 'a@example.ru' } });
      expect(retry.errors).toBeUndefined();
    });

    it('refuses the phone number as the password', async () => {
      const { phone, verificationToken } = await verifiedToken();
      const r = await t.gql(REGISTER, { i: { verificationToken, password: phone.slice(1), fullName: 'Имя', email: 'b@example.ru' } });
      expect(r.errors![0]).toMatchObject({ message: 'Пароль не должен совпадать с номером телефона или адресом почты', extensions: { field: 'password' } });
    });

    it.each([
      ['fullName', { fullName: '   ' }, 'Укажите фамилию, имя и отчество'],
      ['email', { email: 'not-an-email' }, 'Адрес электронной почты указан неверно, например ivan@example.ru'],
    ])('refuses a bad %s with a message for that field', async (field, patch, message) => {
      const { verificationToken } = await verifiedToken();
      const r = await t.gql(REGISTER, { i: { verificationToken, password: 'a much better one', fullName: 'Имя', email: 'c@example.ru', ...patch } });
      expect(r.errors![0]).toMatchObject({ message, extensions: { field } });
    });

    it('takes one registration per phone proof', async () => {
      const { verificationToken } = await verifiedToken();
      const input = { verificationToken, password: 'a much better one', fullName: 'Имя', email: 'd@example.ru' };
      expect((await t.gql(REGISTER, { i: input })).errors).toBeUndefined();
      const again = await t.gql(REGISTER, { i: input });
      expect(again.errors![0].extensions.field).toBe('phone');
    });

    it('for a taken phone answers like any other until the phone is proven, then says so', async () => {
      const { phone } = await registerAccount(t);
      await t.api.deps.limits.reset('codeResend', resendKey(phone, CodePurpose.REGISTRATION)); // as if the minute had passed
      const requested = await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() });
      expect(requested.data.requestRegistrationCode).toEqual({ resendAfter: 60, expiresIn: 600, codeLength: 6, challenge: expect.stringMatching(/^[\w-]{32}$/) });
      const v = await t.gql(VERIFY_CODE, { p: phone, c: await t.sms.code(phone, 1), ch: requested.data.requestRegistrationCode.challenge });
      expect(v.data.verifyRegistrationCode.accountExists).toBe(true);
      const r = await t.gql(REGISTER, { i: { verificationToken: v.data.verifyRegistrationCode.verificationToken, password: 'another good one', fullName: 'Имя', email: 'e@example.ru' } });
      expect(r.errors![0]).toMatchObject({ message: 'Этот номер уже зарегистрирован. Войдите или восстановите пароль', extensions: { field: 'phone' } });
      expect(await t.api.orm.em.fork().count(Account, { phone })).toBe(1);
    });

    it('signs in afterwards with the phone in another notation', async () => {
      const { phone, password } = await registerAccount(t);
      const local = `8 ${phone.slice(2, 5)} ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
      expect((await t.gql(SIGN_IN, { p: local, w: password })).data.signIn.token).toBeTruthy();
    });
  });

  describe('email confirmation', () => {
    const CONFIRM = `mutation($t: String!) { confirmEmail(token: $t) { email emailConfirmed } }`;

    it('confirms the address by the link, once', async () => {
      const { email, token } = await registerAccount(t);
      const link = await t.mail.link(email, /подтвердите адрес/);
      expect(link.pathname).toBe('/confirm-email');
      const r = await t.gql(CONFIRM, { t: link.searchParams.get('token') });
      expect(r.data.confirmEmail).toEqual({ email, emailConfirmed: true });
      expect((await t.gql(VIEWER, {}, token)).data.viewer.account.emailConfirmed).toBe(true);
      const again = await t.gql(CONFIRM, { t: link.searchParams.get('token') });
      expect(again.errors![0].message).toBe('Ссылка недействительна или устарела. Запросите новую в профиле');
    });

    it('does not confirm after 24 hours', async () => {
      const { email } = await registerAccount(t);
      const link = await t.mail.link(email, /подтвердите адрес/);
      const em = t.api.orm.em.fork();
      await em.getConnection().execute(`update one_time_token set expires_at = ? where email = ?`, [em.getPlatform().processDateProperty(new Date(Date.now() - 1)), email]);
      expect((await t.gql(CONFIRM, { t: link.searchParams.get('token') })).errors![0].extensions.field).toBe('token');
    });

    it('can be sent again from the profile, a limited number of times', async () => {
      const { email, token } = await registerAccount(t);
      await t.mail.waitFor(email, /подтвердите адрес/);
      for (let i = 0; i < 5; i++) expect((await t.gql(`mutation { resendEmailConfirmation }`, {}, token)).data).toEqual({ resendEmailConfirmation: true });
      expect(t.mail.to(email).filter((m) => /подтвердите адрес/.test(m.subject))).toHaveLength(6);
      expect((await t.gql(`mutation { resendEmailConfirmation }`, {}, token)).errors![0].extensions.code).toBe('RATE_LIMITED');
    });
  });
});

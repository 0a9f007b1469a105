import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { because, PROVISIONING_RULES, REASONS, type Reason } from '../src/errors/reasons.js';
import { UserInputError } from '../src/errors/client-errors.js';
import { apiForBlock, startWithDelivery } from './harness.js';
import { freshPhone, REQUEST_CODE, registerAccount, SIGN_IN, VERIFY_CODE } from './accounts-support.js';

/** The params each reason's template needs, as an integrator reads them in api/docs/errors.md. */
const paramsOf = (reason: Reason) => {
  const m = /^\(\{ ([^}]*) \}/.exec(REASONS[reason].toString());
  return m ? m[1].split(',').map((p) => p.trim()) : [];
};

describe('the reason catalogue', () => {
  const reasons = Object.keys(REASONS) as Reason[];

  it('has a Russian message template for every reason, and codes in SCREAMING_SNAKE', () => {
    expect(reasons.length).toBe(new Set(reasons).size);
    for (const reason of reasons) {
      expect(reason).toMatch(/^[A-Z][A-Z0-9_]*$/);
      const params = Object.fromEntries(paramsOf(reason).map((p) => [p, '7']));
      const { message } = (because as (r: Reason, p: object) => { message: string })(reason, params);
      expect(message, reason).toMatch(/[а-яё]|^7$/i);
      expect(message, reason).not.toContain('undefined');
    }
  });

  it('puts the reason and its params into extensions next to the message', () => {
    const error = new UserInputError(because('FULL_NAME_TOO_LONG', { maxLength: 200 }), 'fullName');
    expect(error.message).toBe('Слишком длинное имя: не больше 200 символов');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'fullName', reason: 'FULL_NAME_TOO_LONG', params: { maxLength: 200 } });
  });

  it('is documented for integrators in api/docs/errors.md, row for row', () => {
    const [doc, listProblems] = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8').split(/^## A list's problems/m);
    const table = (text: string) => [...text.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]*) \|/gm)].map((m) => [m[1], m[2].trim()]);
    const rows = table(doc);
    expect(rows.map(([r]) => r)).toEqual(reasons);
    for (const [reason, params] of rows) expect(params, reason).toBe(paramsOf(reason as Reason).map((p) => `\`${p}\``).join(', '));
    expect(table(listProblems).map(([rule]) => rule)).toEqual(Object.keys(PROVISIONING_RULES));
  });
});

describe('reasons over HTTP', () => {
  const t = apiForBlock(() => startWithDelivery());

  it('a wrong sign-in says WRONG_CREDENTIALS', async () => {
    const r = await t.gql(SIGN_IN, { p: freshPhone(), w: 'not the password' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({
      message: 'Неверный номер телефона или пароль',
      extensions: { code: 'BAD_USER_INPUT', field: 'password', reason: 'WRONG_CREDENTIALS', params: {} },
    });
  });

  it('a wrong code says how many attempts are left', async () => {
    const phone = freshPhone();
    const before = t.sms.count(phone);
    const requested = await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() });
    expect(requested.errors).toBeUndefined();
    const code = await t.sms.code(phone, before);
    const wrong = code === '000000'.slice(0, code.length) ? '1'.repeat(code.length) : '0'.repeat(code.length);
    const r = await t.gql(VERIFY_CODE, { p: phone, c: wrong, ch: requested.data.requestRegistrationCode.challenge });
    expect(r.errors![0]).toMatchObject({
      message: 'Неверный код. Осталось попыток: 4',
      extensions: { code: 'BAD_USER_INPUT', field: 'code', reason: 'WRONG_CODE_ATTEMPTS_LEFT', params: { attemptsLeft: 4 } },
    });
  });

  it('a too long name gives its limit as a param', async () => {
    const { token } = await registerAccount(t);
    const r = await t.gql(`mutation($n: String!) { updateProfile(input: { fullName: $n }) { fullName } }`, { n: 'Я'.repeat(201) }, token);
    expect(r.errors![0]).toMatchObject({
      message: 'Слишком длинное имя: не больше 200 символов',
      extensions: { code: 'BAD_USER_INPUT', field: 'fullName', reason: 'FULL_NAME_TOO_LONG', params: { maxLength: 200 } },
    });
  });

  it('a refused request without a session says UNAUTHENTICATED', async () => {
    const r = await t.gql(`mutation { updateProfile(input: { address: "Москва" }) { address } }`);
    expect(r.errors![0]).toMatchObject({ message: 'Войдите в личный кабинет', extensions: { code: 'UNAUTHENTICATED', reason: 'UNAUTHENTICATED', params: {} } });
  });
});

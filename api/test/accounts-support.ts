/** Helpers for the account tests: unique phones, the registration flow as a client drives it. */
import type { DeliveringTestApi } from './harness.js';

let next = Math.floor(Math.random() * 1_000_000);
/** A valid Russian mobile number no other test uses. */
export const freshPhone = () => `+7900${String(++next % 10_000_000).padStart(7, '0')}`;

export const REQUEST_CODE = `mutation($p: String!, $c: String!) { requestRegistrationCode(phone: $p, captcha: $c) { resendAfter expiresIn codeLength challenge } }`;
export const VERIFY_CODE = `mutation($p: String!, $c: String!, $ch: String!) { verifyRegistrationCode(phone: $p, code: $c, challenge: $ch) { verificationToken accountExists } }`;
export const REGISTER = `mutation($i: RegisterInput!) { register(input: $i) { token mustChangePassword account { id phone fullName email emailConfirmed address } } }`;
export const SIGN_IN = `mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }`;
export const VIEWER = `{ viewer { account { phone email emailConfirmed fullName address } mustChangePassword } }`;

export interface Registered {
  phone: string;
  email: string;
  password: string;
  token: string;
}

/** Registers a new account the whole way, as the cabinet would. */
export async function registerAccount(t: DeliveringTestApi, options: { phone?: string; email?: string; password?: string; sendPassword?: boolean } = {}): Promise<Registered> {
  const phone = options.phone ?? freshPhone();
  const email = options.email ?? `user${phone.slice(-7)}@example.ru`;
  const password = options.password ?? 'correct horse battery';
  const before = t.sms.count(phone);
  const requested = await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() });
  if (requested.errors) throw new Error(JSON.stringify(requested.errors));
  const code = await t.sms.code(phone, before);
  const verified = await t.gql(VERIFY_CODE, { p: phone, c: code, ch: requested.data.requestRegistrationCode.challenge });
  if (verified.errors) throw new Error(JSON.stringify(verified.errors));
  const r = await t.gql(REGISTER, {
    i: { verificationToken: verified.data.verifyRegistrationCode.verificationToken, password, fullName: 'Петров Пётр Петрович', email, sendPassword: options.sendPassword ?? false },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return { phone, email, password, token: r.data.register.token };
}

export async function confirmEmail(t: DeliveringTestApi, email: string): Promise<void> {
  const link = await t.mail.link(email, /подтвердите адрес/);
  const r = await t.gql(`mutation($t: String!) { confirmEmail(token: $t) { emailConfirmed } }`, { t: link.searchParams.get('token') });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
}

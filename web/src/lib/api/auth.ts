/** Signing in and out, registration and password recovery. Every way of signing in replaces the live connection. */
import { dropLiveConnection, mutate, query } from './connection.js';
import {
  ACCOUNT_SETTINGS_QUERY,
  CONFIRM_EMAIL_MUTATION,
  RECOVER_WITH_CODE_MUTATION,
  REGISTER_MUTATION,
  REQUEST_PASSWORD_RECOVERY_MUTATION,
  REQUEST_REGISTRATION_CODE_MUTATION,
  RESET_PASSWORD_MUTATION,
  SIGNED_IN_QUERY,
  SIGN_IN_MUTATION,
  SIGN_OUT_MUTATION,
  VERIFY_REGISTRATION_CODE_MUTATION,
  VIEWER_ACCOUNT_QUERY,
  type AccountSettings,
  type CodeSent,
  type RecoveryStarted,
  type RegisterInput,
} from './auth.documents.js';
import type { Account } from './fragments.js';

export async function isSignedIn(): Promise<boolean> {
  return (await query(SIGNED_IN_QUERY, {})).viewer !== null;
}

/** Sets the session cookie; a wrong phone or password is an ApiError with code BAD_USER_INPUT. */
export async function signIn(phone: string, password: string): Promise<Account> {
  const data = await mutate(SIGN_IN_MUTATION, { phone, password });
  dropLiveConnection();
  return data.signIn.account;
}

export async function signOut(): Promise<void> {
  try {
    await mutate(SIGN_OUT_MUTATION, {});
  } finally {
    dropLiveConnection();
  }
}

export const CAPTCHA_CHALLENGE_URL = '/captcha/challenge';

export async function fetchAccountSettings(): Promise<AccountSettings> {
  return (await query(ACCOUNT_SETTINGS_QUERY, {})).accountSettings;
}

/** The signed-in account (null when signed out) and whether it must set a new password first. */
export async function fetchViewerAccount(): Promise<{ account: Account; mustChangePassword: boolean } | null> {
  return (await query(VIEWER_ACCOUNT_QUERY, {})).viewer;
}

/** Registration, step 1: the phone and the captcha widget's payload (single use) → an SMS code, in `language`. */
export async function requestRegistrationCode(phone: string, captcha: string, language: 'RU' | 'EN'): Promise<CodeSent> {
  return (await mutate(REQUEST_REGISTRATION_CODE_MUTATION, { phone, captcha, language })).requestRegistrationCode;
}

/** Registration, step 2: the code and the challenge step 1 answered with → a token proving the phone, and whether it already has an account. */
export async function verifyRegistrationCode(phone: string, code: string, challenge: string): Promise<{ verificationToken: string; accountExists: boolean }> {
  return (await mutate(VERIFY_REGISTRATION_CODE_MUTATION, { phone, code, challenge })).verifyRegistrationCode;
}

/** Registration, step 3: creates the account and signs in (the cookie). */
export async function register(input: RegisterInput): Promise<Account> {
  const data = await mutate(REGISTER_MUTATION, { input });
  dropLiveConnection();
  return data.register.account;
}

/** Opens an email confirmation link; works signed out. Returns the confirmed address. */
export async function confirmEmail(token: string): Promise<string | null> {
  return (await mutate(CONFIRM_EMAIL_MUTATION, { token })).confirmEmail.email;
}

export async function requestPasswordRecovery(login: string): Promise<RecoveryStarted> {
  return (await mutate(REQUEST_PASSWORD_RECOVERY_MUTATION, { login })).requestPasswordRecovery;
}

/** Signs in with the recovery SMS code (and the challenge its request answered with): a session that must set a new password next. */
export async function recoverWithCode(phone: string, code: string, challenge: string): Promise<Account> {
  const data = await mutate(RECOVER_WITH_CODE_MUTATION, { phone, code, challenge });
  dropLiveConnection();
  return data.recoverWithCode.account;
}

/** The recovery email's link: a new password, other sessions ended, signed in. */
export async function resetPassword(token: string, password: string): Promise<Account> {
  const data = await mutate(RESET_PASSWORD_MUTATION, { token, password });
  dropLiveConnection();
  return data.resetPassword.account;
}

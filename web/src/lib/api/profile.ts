/** The profile: personal data, email, phone, password, sessions and integration tokens. */
import { dropLiveConnection, mutate, query } from './connection.js';
import type { Account } from './fragments.js';
import {
  CHANGE_EMAIL_MUTATION,
  CHANGE_PASSWORD_MUTATION,
  CHANGE_PHONE_MUTATION,
  CREATE_ACCESS_TOKEN_MUTATION,
  DELETE_ACCOUNT_MUTATION,
  PROFILE_QUERY,
  REQUEST_PHONE_CHANGE_CODE_MUTATION,
  RESEND_EMAIL_CONFIRMATION_MUTATION,
  SET_WARNINGS_LANGUAGE_MUTATION,
  REVOKE_ACCESS_TOKEN_MUTATION,
  REVOKE_SESSION_MUTATION,
  SIGN_OUT_OTHER_SESSIONS_MUTATION,
  UPDATE_PROFILE_MUTATION,
  type AccessToken,
  type Profile,
} from './profile.documents.js';
import type { CodeSent } from './auth.documents.js';

export type { Profile } from './profile.documents.js';

/** The account with its sessions and integration tokens; null when signed out. */
export async function fetchProfile(): Promise<Profile | null> {
  return (await query(PROFILE_QUERY, {})).viewer;
}

/** Warnings by SMS, email and push in this language from now on. */
export async function setWarningsLanguage(language: 'RU' | 'EN'): Promise<'RU' | 'EN'> {
  return (await mutate(SET_WARNINGS_LANGUAGE_MUTATION, { language })).updateProfile.language;
}

export async function updateProfile(fullName: string, address: string, timeZone: string): Promise<Account> {
  return (await mutate(UPDATE_PROFILE_MUTATION, { fullName, address, timeZone })).updateProfile;
}

/** A new link to the unconfirmed email; resolves to true once it is sent. */
export async function resendEmailConfirmation(): Promise<boolean> {
  return (await mutate(RESEND_EMAIL_CONFIRMATION_MUTATION, {})).resendEmailConfirmation;
}

export async function changeEmail(email: string, currentPassword: string): Promise<Account> {
  return (await mutate(CHANGE_EMAIL_MUTATION, { email, currentPassword })).changeEmail;
}

export async function requestPhoneChangeCode(phone: string): Promise<CodeSent> {
  return (await mutate(REQUEST_PHONE_CHANGE_CODE_MUTATION, { phone })).requestPhoneChangeCode;
}

export async function changePhone(phone: string, code: string, challenge: string, currentPassword: string): Promise<Account> {
  return (await mutate(CHANGE_PHONE_MUTATION, { phone, code, challenge, currentPassword })).changePhone;
}

/** A new password; `currentPassword` is null only in a recovery session. Other sessions end. */
export async function changePassword(password: string, currentPassword: string | null): Promise<Account> {
  return (await mutate(CHANGE_PASSWORD_MUTATION, { password, currentPassword })).changePassword;
}

/** Deletes the account for good (the current password confirms it): every session ends, this one too. */
export async function deleteAccount(currentPassword: string): Promise<void> {
  await mutate(DELETE_ACCOUNT_MUTATION, { currentPassword });
  dropLiveConnection();
}

export async function revokeSession(id: string): Promise<boolean> {
  return (await mutate(REVOKE_SESSION_MUTATION, { id })).revokeSession;
}

/** Ends every session but this one; returns how many ended. */
export async function signOutOtherSessions(): Promise<number> {
  return (await mutate(SIGN_OUT_OTHER_SESSIONS_MUTATION, {})).signOutOtherSessions;
}

/** A new integration token: `token` is the secret, shown to the person once and then forgotten. */
export async function createAccessToken(name: string): Promise<{ token: string; accessToken: AccessToken }> {
  return (await mutate(CREATE_ACCESS_TOKEN_MUTATION, { name })).createAccessToken;
}

export async function revokeAccessToken(id: string): Promise<boolean> {
  return (await mutate(REVOKE_ACCESS_TOKEN_MUTATION, { id })).revokeAccessToken;
}


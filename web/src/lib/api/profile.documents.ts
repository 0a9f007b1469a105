/** The profile: personal data, email, phone, password, sessions and integration tokens. */
import { ACCOUNT_FIELDS } from './fragments.js';
import { graphql, type ResultOf } from './graphql.js';

export const PROFILE_QUERY = graphql(`
  query Profile {
    viewer {
      mustChangePassword
      account {
        ...AccountFields
      }
      sessions {
        id
        current
        createdAt
        lastUsedAt
        userAgent
        ip
      }
      accessTokens {
        id
        name
        createdAt
        lastUsedAt
      }
    }
  }
`, [ACCOUNT_FIELDS]);

export const UPDATE_PROFILE_MUTATION = graphql(`
  mutation UpdateProfile($fullName: String!, $address: String!, $timeZone: String!) {
    updateProfile(input: { fullName: $fullName, address: $address, timeZone: $timeZone }) {
      ...AccountFields
    }
  }
`, [ACCOUNT_FIELDS]);

/** What the operator writes warnings in (SMS, email, push): the language the cabinet is used in. */
export const SET_WARNINGS_LANGUAGE_MUTATION = graphql(`
  mutation SetWarningsLanguage($language: Language!) {
    updateProfile(input: { language: $language }) {
      id
      language
    }
  }
`);

export const RESEND_EMAIL_CONFIRMATION_MUTATION = graphql(`
  mutation ResendEmailConfirmation {
    resendEmailConfirmation
  }
`);

export const CHANGE_EMAIL_MUTATION = graphql(`
  mutation ChangeEmail($email: String!, $currentPassword: String!) {
    changeEmail(email: $email, currentPassword: $currentPassword) {
      ...AccountFields
    }
  }
`, [ACCOUNT_FIELDS]);

export const REQUEST_PHONE_CHANGE_CODE_MUTATION = graphql(`
  mutation RequestPhoneChangeCode($phone: String!) {
    requestPhoneChangeCode(phone: $phone) {
      resendAfter
      expiresIn
      codeLength
      challenge
    }
  }
`);

export const CHANGE_PHONE_MUTATION = graphql(`
  mutation ChangePhone($phone: String!, $code: String!, $challenge: String!, $currentPassword: String!) {
    changePhone(phone: $phone, code: $code, challenge: $challenge, currentPassword: $currentPassword) {
      ...AccountFields
    }
  }
`, [ACCOUNT_FIELDS]);

/** `currentPassword` is left out in a recovery session, which may set a new password without it. */
export const CHANGE_PASSWORD_MUTATION = graphql(`
  mutation ChangePassword($password: String!, $currentPassword: String) {
    changePassword(password: $password, currentPassword: $currentPassword) {
      ...AccountFields
    }
  }
`, [ACCOUNT_FIELDS]);

export const DELETE_ACCOUNT_MUTATION = graphql(`
  mutation DeleteAccount($currentPassword: String!) {
    deleteAccount(currentPassword: $currentPassword)
  }
`);

export const REVOKE_SESSION_MUTATION = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

export const SIGN_OUT_OTHER_SESSIONS_MUTATION = graphql(`
  mutation SignOutOtherSessions {
    signOutOtherSessions
  }
`);

/** The only place a secret token is selected: it is shown to the person once and never stored by the cabinet. */
export const CREATE_ACCESS_TOKEN_MUTATION = graphql(`
  mutation CreateAccessToken($name: String!) {
    createAccessToken(name: $name) {
      token
      accessToken {
        id
        name
        createdAt
        lastUsedAt
      }
    }
  }
`);

export const REVOKE_ACCESS_TOKEN_MUTATION = graphql(`
  mutation RevokeAccessToken($id: ID!) {
    revokeAccessToken(id: $id)
  }
`);

export type Profile = NonNullable<ResultOf<typeof PROFILE_QUERY>['viewer']>;
export type SessionInfo = Profile['sessions'][number];
export type AccessToken = Profile['accessTokens'][number];

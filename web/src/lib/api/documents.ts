/**
 * The GraphQL operations of the cabinet and the shapes of their results, written by hand from the API's
 * schema (api/src). Only what a screen shows is selected; `AuthPayload.token` never is: the browser
 * holds its session in an HttpOnly cookie that no script should be able to read or leak.
 */
import { gql, type TypedDocumentNode } from '@urql/core';

export type MeterKind = 'ELECTRICITY' | 'COLD_WATER' | 'HOT_WATER';

export type Quantity =
  | 'ENERGY'
  | 'ENERGY_T1'
  | 'ENERGY_T2'
  | 'ENERGY_T3'
  | 'ENERGY_EXPORT'
  | 'POWER'
  | 'VOLTAGE_L1'
  | 'VOLTAGE_L2'
  | 'VOLTAGE_L3'
  | 'CURRENT_L1'
  | 'CURRENT_L2'
  | 'CURRENT_L3'
  | 'FREQUENCY'
  | 'POWER_FACTOR'
  | 'VOLUME'
  | 'TEMPERATURE'
  | 'RSSI'
  | 'BATTERY';

export type Role = 'CUSTOMER' | 'OPERATOR';

export interface Reading {
  meterId: string;
  quantity: Quantity;
  /** RFC 3339, when the meter measured the value. */
  time: string;
  /** In the stored SenML unit (`unit`): Wh, W, V, A, Hz, /, m3, Cel, dBm, %EL. */
  value: number;
  unit: string;
}

export interface Account {
  id: string;
  phone: string;
  fullName: string | null;
  email: string | null;
  /** Whether `email` has been confirmed by the link sent to it. */
  emailConfirmed: boolean;
  address: string | null;
  role: Role;
}

export interface Meter {
  id: string;
  serial: string;
  kind: MeterKind;
  model: string | null;
  zones: number;
  phases: number;
  lastReadings: Reading[];
}

export interface Viewer {
  account: Account;
  meters: Meter[];
  /** Signed in by a recovery code: a new password must be set before anything else. */
  mustChangePassword: boolean;
}

const READING_FIELDS = gql`
  fragment ReadingFields on Reading {
    meterId
    quantity
    time
    value
    unit
  }
`;

const ACCOUNT_FIELDS = gql`
  fragment AccountFields on Account {
    id
    phone
    fullName
    email
    emailConfirmed
    address
    role
  }
`;

export const CABINET_QUERY: TypedDocumentNode<{ viewer: Viewer | null }, Record<string, never>> = gql`
  query Cabinet {
    viewer {
      mustChangePassword
      account {
        ...AccountFields
      }
      meters {
        id
        serial
        kind
        model
        zones
        phases
        lastReadings {
          ...ReadingFields
        }
      }
    }
  }
  ${ACCOUNT_FIELDS}
  ${READING_FIELDS}
`;

/** Only asks whether there is a session: the login page uses it to skip the form for a signed-in user. */
export const SIGNED_IN_QUERY: TypedDocumentNode<{ viewer: { account: { id: string } } | null }, Record<string, never>> = gql`
  query SignedIn {
    viewer {
      account {
        id
      }
    }
  }
`;

export const SIGN_IN_MUTATION: TypedDocumentNode<{ signIn: { account: Account } }, { phone: string; password: string }> = gql`
  mutation SignIn($phone: String!, $password: String!) {
    signIn(phone: $phone, password: $password) {
      account {
        ...AccountFields
      }
    }
  }
  ${ACCOUNT_FIELDS}
`;

export const SIGN_OUT_MUTATION: TypedDocumentNode<{ signOut: boolean }, Record<string, never>> = gql`
  mutation SignOut {
    signOut
  }
`;

/** Without `meterIds` the API streams every meter bound to the viewer when the subscription starts. */
export const READING_ADDED_SUBSCRIPTION: TypedDocumentNode<{ readingAdded: Reading }, Record<string, never>> = gql`
  subscription ReadingAdded {
    readingAdded {
      ...ReadingFields
    }
  }
  ${READING_FIELDS}
`;

// ——— Accounts: registration, recovery, profile ———

export type RecoveryChannel = 'SMS' | 'EMAIL';

export interface AccountSettings {
  passwordMinLength: number;
  passwordMaxLength: number;
  /** Whether «Отправить пароль» is offered at registration. */
  sendPasswordEmail: boolean;
  operatorName: string;
}

export interface CodeSent {
  /** Seconds until another code may be requested. */
  resendAfter: number;
  /** Seconds the code stays valid. */
  expiresIn: number;
  codeLength: number;
}

export interface RecoveryStarted {
  channel: RecoveryChannel;
  resendAfter: number;
  expiresIn: number;
}

export interface SessionInfo {
  id: string;
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  ip: string | null;
}

export interface AccessToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string;
}

export interface RegisterInput {
  verificationToken: string;
  password: string;
  fullName: string;
  email: string;
  address?: string | null;
  sendPassword: boolean;
}

type NoVariables = Record<string, never>;

export const ACCOUNT_SETTINGS_QUERY: TypedDocumentNode<{ accountSettings: AccountSettings }, NoVariables> = gql`
  query AccountSettings {
    accountSettings {
      passwordMinLength
      passwordMaxLength
      sendPasswordEmail
      operatorName
    }
  }
`;

/** The account and whether it must set a new password (a recovery session); null when signed out. */
export const VIEWER_ACCOUNT_QUERY: TypedDocumentNode<{ viewer: { account: Account; mustChangePassword: boolean } | null }, NoVariables> = gql`
  query ViewerAccount {
    viewer {
      mustChangePassword
      account {
        ...AccountFields
      }
    }
  }
  ${ACCOUNT_FIELDS}
`;

export const PROFILE_QUERY: TypedDocumentNode<
  { viewer: { account: Account; mustChangePassword: boolean; sessions: SessionInfo[]; accessTokens: AccessToken[] } | null },
  NoVariables
> = gql`
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
  ${ACCOUNT_FIELDS}
`;

export const REQUEST_REGISTRATION_CODE_MUTATION: TypedDocumentNode<{ requestRegistrationCode: CodeSent }, { phone: string; captcha: string }> = gql`
  mutation RequestRegistrationCode($phone: String!, $captcha: String!) {
    requestRegistrationCode(phone: $phone, captcha: $captcha) {
      resendAfter
      expiresIn
      codeLength
    }
  }
`;

export const VERIFY_REGISTRATION_CODE_MUTATION: TypedDocumentNode<
  { verifyRegistrationCode: { verificationToken: string; accountExists: boolean } },
  { phone: string; code: string }
> = gql`
  mutation VerifyRegistrationCode($phone: String!, $code: String!) {
    verifyRegistrationCode(phone: $phone, code: $code) {
      verificationToken
      accountExists
    }
  }
`;

export const REGISTER_MUTATION: TypedDocumentNode<{ register: { account: Account } }, { input: RegisterInput }> = gql`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      account {
        ...AccountFields
      }
    }
  }
  ${ACCOUNT_FIELDS}
`;

export const CONFIRM_EMAIL_MUTATION: TypedDocumentNode<{ confirmEmail: { email: string | null } }, { token: string }> = gql`
  mutation ConfirmEmail($token: String!) {
    confirmEmail(token: $token) {
      email
    }
  }
`;

export const REQUEST_PASSWORD_RECOVERY_MUTATION: TypedDocumentNode<{ requestPasswordRecovery: RecoveryStarted }, { login: string }> = gql`
  mutation RequestPasswordRecovery($login: String!) {
    requestPasswordRecovery(login: $login) {
      channel
      resendAfter
      expiresIn
    }
  }
`;

export const RECOVER_WITH_CODE_MUTATION: TypedDocumentNode<
  { recoverWithCode: { account: Account; mustChangePassword: boolean } },
  { phone: string; code: string }
> = gql`
  mutation RecoverWithCode($phone: String!, $code: String!) {
    recoverWithCode(phone: $phone, code: $code) {
      mustChangePassword
      account {
        ...AccountFields
      }
    }
  }
  ${ACCOUNT_FIELDS}
`;

export const RESET_PASSWORD_MUTATION: TypedDocumentNode<{ resetPassword: { account: Account } }, { token: string; password: string }> = gql`
  mutation ResetPassword($token: String!, $password: String!) {
    resetPassword(token: $token, password: $password) {
      account {
        ...AccountFields
      }
    }
  }
  ${ACCOUNT_FIELDS}
`;

export const UPDATE_PROFILE_MUTATION: TypedDocumentNode<{ updateProfile: Account }, { fullName: string; address: string }> = gql`
  mutation UpdateProfile($fullName: String!, $address: String!) {
    updateProfile(input: { fullName: $fullName, address: $address }) {
      ...AccountFields
    }
  }
  ${ACCOUNT_FIELDS}
`;

export const RESEND_EMAIL_CONFIRMATION_MUTATION: TypedDocumentNode<{ resendEmailConfirmation: boolean }, NoVariables> = gql`
  mutation ResendEmailConfirmation {
    resendEmailConfirmation
  }
`;

export const CHANGE_EMAIL_MUTATION: TypedDocumentNode<{ changeEmail: Account }, { email: string; currentPassword: string }> = gql`
  mutation ChangeEmail($email: String!, $currentPassword: String!) {
    changeEmail(email: $email, currentPassword: $currentPassword) {
      ...AccountFields
    }
  }
  ${ACCOUNT_FIELDS}
`;

export const REQUEST_PHONE_CHANGE_CODE_MUTATION: TypedDocumentNode<{ requestPhoneChangeCode: CodeSent }, { phone: string }> = gql`
  mutation RequestPhoneChangeCode($phone: String!) {
    requestPhoneChangeCode(phone: $phone) {
      resendAfter
      expiresIn
      codeLength
    }
  }
`;

export const CHANGE_PHONE_MUTATION: TypedDocumentNode<{ changePhone: Account }, { phone: string; code: string; currentPassword: string }> = gql`
  mutation ChangePhone($phone: String!, $code: String!, $currentPassword: String!) {
    changePhone(phone: $phone, code: $code, currentPassword: $currentPassword) {
      ...AccountFields
    }
  }
  ${ACCOUNT_FIELDS}
`;

/** `currentPassword` is left out in a recovery session, which may set a new password without it. */
export const CHANGE_PASSWORD_MUTATION: TypedDocumentNode<{ changePassword: Account }, { password: string; currentPassword?: string | null }> = gql`
  mutation ChangePassword($password: String!, $currentPassword: String) {
    changePassword(password: $password, currentPassword: $currentPassword) {
      ...AccountFields
    }
  }
  ${ACCOUNT_FIELDS}
`;

export const REVOKE_SESSION_MUTATION: TypedDocumentNode<{ revokeSession: boolean }, { id: string }> = gql`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`;

export const SIGN_OUT_OTHER_SESSIONS_MUTATION: TypedDocumentNode<{ signOutOtherSessions: number }, NoVariables> = gql`
  mutation SignOutOtherSessions {
    signOutOtherSessions
  }
`;

/** The only place a secret token is selected: it is shown to the person once and never stored by the cabinet. */
export const CREATE_ACCESS_TOKEN_MUTATION: TypedDocumentNode<{ createAccessToken: { token: string; accessToken: AccessToken } }, { name: string }> = gql`
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
`;

export const REVOKE_ACCESS_TOKEN_MUTATION: TypedDocumentNode<{ revokeAccessToken: boolean }, { id: string }> = gql`
  mutation RevokeAccessToken($id: ID!) {
    revokeAccessToken(id: $id)
  }
`;

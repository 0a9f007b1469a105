/**
 * Signing in and out, registration and recovery. `AuthPayload.token` is never selected: the browser holds its
 * session in an HttpOnly cookie that no script should be able to read or leak.
 */
import { ACCOUNT_FIELDS } from './fragments.js';
import { graphql, type ResultOf, type VariablesOf } from './graphql.js';

/** Only asks whether there is a session: the login page uses it to skip the form for a signed-in user. */
export const SIGNED_IN_QUERY = graphql(`
  query SignedIn {
    viewer {
      account {
        id
      }
    }
  }
`);

export const SIGN_IN_MUTATION = graphql(`
  mutation SignIn($phone: String!, $password: String!) {
    signIn(phone: $phone, password: $password) {
      account {
        ...AccountFields
      }
    }
  }
`, [ACCOUNT_FIELDS]);

export const SIGN_OUT_MUTATION = graphql(`
  mutation SignOut {
    signOut
  }
`);

export const ACCOUNT_SETTINGS_QUERY = graphql(`
  query AccountSettings {
    accountSettings {
      passwordMinLength
      passwordMaxLength
      sendPasswordEmail
      operatorName
    }
  }
`);

/** The account and whether it must set a new password (a recovery session); null when signed out. */
export const VIEWER_ACCOUNT_QUERY = graphql(`
  query ViewerAccount {
    viewer {
      mustChangePassword
      account {
        ...AccountFields
      }
    }
  }
`, [ACCOUNT_FIELDS]);

export const REQUEST_REGISTRATION_CODE_MUTATION = graphql(`
  mutation RequestRegistrationCode($phone: String!, $captcha: String!, $language: Language) {
    requestRegistrationCode(phone: $phone, captcha: $captcha, language: $language) {
      resendAfter
      expiresIn
      codeLength
      challenge
    }
  }
`);

export const VERIFY_REGISTRATION_CODE_MUTATION = graphql(`
  mutation VerifyRegistrationCode($phone: String!, $code: String!, $challenge: String!) {
    verifyRegistrationCode(phone: $phone, code: $code, challenge: $challenge) {
      verificationToken
      accountExists
    }
  }
`);

export const REGISTER_MUTATION = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      account {
        ...AccountFields
      }
    }
  }
`, [ACCOUNT_FIELDS]);

export const CONFIRM_EMAIL_MUTATION = graphql(`
  mutation ConfirmEmail($token: String!) {
    confirmEmail(token: $token) {
      email
    }
  }
`);

export const REQUEST_PASSWORD_RECOVERY_MUTATION = graphql(`
  mutation RequestPasswordRecovery($login: String!) {
    requestPasswordRecovery(login: $login) {
      channel
      resendAfter
      expiresIn
      challenge
    }
  }
`);

export const RECOVER_WITH_CODE_MUTATION = graphql(`
  mutation RecoverWithCode($phone: String!, $code: String!, $challenge: String!) {
    recoverWithCode(phone: $phone, code: $code, challenge: $challenge) {
      mustChangePassword
      account {
        ...AccountFields
      }
    }
  }
`, [ACCOUNT_FIELDS]);

export const RESET_PASSWORD_MUTATION = graphql(`
  mutation ResetPassword($token: String!, $password: String!) {
    resetPassword(token: $token, password: $password) {
      account {
        ...AccountFields
      }
    }
  }
`, [ACCOUNT_FIELDS]);

/** `sendPasswordEmail`: whether «Отправить пароль» is offered at registration. */
export type AccountSettings = ResultOf<typeof ACCOUNT_SETTINGS_QUERY>['accountSettings'];
/** Seconds until another code may be requested (`resendAfter`) and that it stays valid (`expiresIn`); the `challenge` goes back with the code. */
export type CodeSent = ResultOf<typeof REQUEST_REGISTRATION_CODE_MUTATION>['requestRegistrationCode'];
export type RecoveryStarted = ResultOf<typeof REQUEST_PASSWORD_RECOVERY_MUTATION>['requestPasswordRecovery'];
export type RegisterInput = VariablesOf<typeof REGISTER_MUTATION>['input'];

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
  /** The viewer's own name for it («Кухня, ХВС»). */
  label: string | null;
  /** YYYY-MM-DD. */
  verificationDue: string | null;
  controller: ControllerHealth | null;
  lastReadings: Reading[];
}

export type DeviceStatus = 'ONLINE' | 'SILENT' | 'NEVER_SEEN' | 'REVOKED';

/** What the cabinet needs to tell whether a controller is on the air. */
export interface ControllerHealth {
  id: string;
  serial: string;
  status: DeviceStatus;
  /** RFC 3339. */
  lastSeenAt: string | null;
  reportingIntervalS: number;
}

export interface Viewer {
  account: Account;
  meters: Meter[];
  /** Controllers serving the viewer's meters, and those bound to the viewer. */
  controllers: ControllerHealth[];
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

const CONTROLLER_HEALTH_FIELDS = gql`
  fragment ControllerHealthFields on Controller {
    id
    serial
    status
    lastSeenAt
    reportingIntervalS
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
        label
        verificationDue
        controller {
          ...ControllerHealthFields
        }
        lastReadings {
          ...ReadingFields
        }
      }
      controllers {
        ...ControllerHealthFields
      }
    }
  }
  ${ACCOUNT_FIELDS}
  ${READING_FIELDS}
  ${CONTROLLER_HEALTH_FIELDS}
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

// ——— Support: «Консультация», feedback, contacts, support threads ———

export interface ContactPhone {
  label: string;
  number: string;
}

export interface Contacts {
  phones: ContactPhone[];
  email: string | null;
  hours: string | null;
  address: string | null;
}

export interface CallbackRequest {
  id: string;
  name: string;
  phone: string;
  topic: string | null;
  createdAt: string;
  /** When the one-hour promise runs out. */
  dueAt: string;
  doneAt: string | null;
}

export interface CallbackInput {
  name: string;
  phone: string;
  topic?: string | null;
  captcha: string;
}

export interface FeedbackInput {
  name: string;
  contact: string;
  message: string;
  captcha: string;
}

export type ThreadStatus = 'OPEN' | 'CLOSED';

export interface SupportAttachment {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  /** Same origin, same credentials: `/support/attachments/:id`. */
  url: string;
}

export interface SupportMessage {
  id: string;
  threadId: string;
  text: string;
  createdAt: string;
  fromSupport: boolean;
  authorName: string;
  attachments: SupportAttachment[];
}

/** A thread as lists show it. */
export interface SupportThreadSummary {
  id: string;
  topic: string;
  status: ThreadStatus;
  createdAt: string;
  lastMessageAt: string;
  unreadCount: number;
  customer: { id: string; phone: string; fullName: string | null };
}

export interface SupportThread extends SupportThreadSummary {
  messages: SupportMessage[];
}

const CALLBACK_FIELDS = gql`
  fragment CallbackFields on CallbackRequest {
    id
    name
    phone
    topic
    createdAt
    dueAt
    doneAt
  }
`;

const SUPPORT_MESSAGE_FIELDS = gql`
  fragment SupportMessageFields on SupportMessage {
    id
    threadId
    text
    createdAt
    fromSupport
    authorName
    attachments {
      id
      filename
      mimeType
      size
      url
    }
  }
`;

const THREAD_SUMMARY_FIELDS = gql`
  fragment ThreadSummaryFields on SupportThread {
    id
    topic
    status
    createdAt
    lastMessageAt
    unreadCount
    customer {
      id
      phone
      fullName
    }
  }
`;

export const CONTACTS_QUERY: TypedDocumentNode<{ contacts: Contacts }, { language: string }> = gql`
  query Contacts($language: String!) {
    contacts(language: $language) {
      phones {
        label
        number
      }
      email
      hours
      address
    }
  }
`;

export const REQUEST_CALLBACK_MUTATION: TypedDocumentNode<{ requestCallback: CallbackRequest }, { input: CallbackInput }> = gql`
  mutation RequestCallback($input: CallbackInput!) {
    requestCallback(input: $input) {
      ...CallbackFields
    }
  }
  ${CALLBACK_FIELDS}
`;

export const SEND_FEEDBACK_MUTATION: TypedDocumentNode<{ sendFeedback: boolean }, { input: FeedbackInput }> = gql`
  mutation SendFeedback($input: FeedbackInput!) {
    sendFeedback(input: $input)
  }
`;

export const CALLBACK_REQUESTS_QUERY: TypedDocumentNode<{ callbackRequests: CallbackRequest[] }, { pending: boolean }> = gql`
  query CallbackRequests($pending: Boolean!) {
    callbackRequests(pending: $pending) {
      ...CallbackFields
    }
  }
  ${CALLBACK_FIELDS}
`;

export const MARK_CALLBACK_DONE_MUTATION: TypedDocumentNode<{ markCallbackDone: CallbackRequest }, { id: string }> = gql`
  mutation MarkCallbackDone($id: ID!) {
    markCallbackDone(id: $id) {
      ...CallbackFields
    }
  }
  ${CALLBACK_FIELDS}
`;

/** Threads with their unread counts; null when signed out. `status` null: every thread. */
export const SUPPORT_THREADS_QUERY: TypedDocumentNode<
  { viewer: { supportThreads: SupportThreadSummary[] } | null },
  { status: ThreadStatus | null }
> = gql`
  query SupportThreads($status: ThreadStatus) {
    viewer {
      supportThreads(status: $status) {
        ...ThreadSummaryFields
      }
    }
  }
  ${THREAD_SUMMARY_FIELDS}
`;

/** Only the counts, for the badge in the header. */
export const SUPPORT_UNREAD_QUERY: TypedDocumentNode<{ viewer: { supportThreads: Array<{ id: string; unreadCount: number }> } | null }, NoVariables> = gql`
  query SupportUnread {
    viewer {
      supportThreads {
        id
        unreadCount
      }
    }
  }
`;

/** `viewer` null: signed out; `supportThread` null: no such thread, or not the viewer's. */
export const SUPPORT_THREAD_QUERY: TypedDocumentNode<{ viewer: { supportThread: SupportThread | null } | null }, { id: string }> = gql`
  query SupportThread($id: ID!) {
    viewer {
      supportThread(id: $id) {
        ...ThreadSummaryFields
        messages {
          ...SupportMessageFields
        }
      }
    }
  }
  ${THREAD_SUMMARY_FIELDS}
  ${SUPPORT_MESSAGE_FIELDS}
`;

export const OPEN_SUPPORT_THREAD_MUTATION: TypedDocumentNode<
  { openSupportThread: { id: string } },
  { topic: string; text: string; attachmentIds: string[] }
> = gql`
  mutation OpenSupportThread($topic: String!, $text: String!, $attachmentIds: [ID!]!) {
    openSupportThread(topic: $topic, text: $text, attachmentIds: $attachmentIds) {
      id
    }
  }
`;

export const SEND_SUPPORT_MESSAGE_MUTATION: TypedDocumentNode<
  { sendSupportMessage: SupportMessage },
  { threadId: string; text: string; attachmentIds: string[] }
> = gql`
  mutation SendSupportMessage($threadId: ID!, $text: String!, $attachmentIds: [ID!]!) {
    sendSupportMessage(threadId: $threadId, text: $text, attachmentIds: $attachmentIds) {
      ...SupportMessageFields
    }
  }
  ${SUPPORT_MESSAGE_FIELDS}
`;

export const MARK_SUPPORT_THREAD_READ_MUTATION: TypedDocumentNode<{ markSupportThreadRead: { id: string; unreadCount: number } }, { threadId: string }> = gql`
  mutation MarkSupportThreadRead($threadId: ID!) {
    markSupportThreadRead(threadId: $threadId) {
      id
      unreadCount
    }
  }
`;

export const CLOSE_SUPPORT_THREAD_MUTATION: TypedDocumentNode<{ closeSupportThread: { id: string; status: ThreadStatus } }, { threadId: string }> = gql`
  mutation CloseSupportThread($threadId: ID!) {
    closeSupportThread(threadId: $threadId) {
      id
      status
    }
  }
`;

/** Without `threadId`: every thread the viewer may see (their own; all of them for operators). */
export const SUPPORT_MESSAGE_ADDED_SUBSCRIPTION: TypedDocumentNode<{ supportMessageAdded: SupportMessage }, { threadId?: string | null }> = gql`
  subscription SupportMessageAdded($threadId: ID) {
    supportMessageAdded(threadId: $threadId) {
      ...SupportMessageFields
    }
  }
  ${SUPPORT_MESSAGE_FIELDS}
`;

// ——— Devices and readings: binding, a meter's page, reports, power quality, live measurements ———

export type Resolution = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';
export type Aggregation = 'RAW' | 'MINUTE' | 'TEN_MINUTES' | 'HOUR';
export type QualityEventKind = 'DIP' | 'SWELL' | 'INTERRUPTION';

export interface ControllerDetails extends ControllerHealth {
  model: string | null;
  firmware: string | null;
  /** dBm. */
  signalDbm: number | null;
  batteryPct: number | null;
  /** Bound to the viewer directly: unbinding it unbinds all its meters. */
  boundToViewer: boolean;
  meters: Array<{ id: string; serial: string; kind: MeterKind; label: string | null }>;
}

export interface MeterDetails {
  id: string;
  serial: string;
  kind: MeterKind;
  model: string | null;
  zones: number;
  phases: number;
  label: string | null;
  installAddress: string | null;
  verificationDue: string | null;
  controller: ControllerDetails | null;
  lastReadings: Reading[];
}

export interface MeterPage {
  account: Account & { timeZone: string };
  meter: MeterDetails | null;
}

export interface BindResult {
  kind: 'CONTROLLER' | 'METER';
  alreadyBound: boolean;
  controller: { id: string; serial: string } | null;
  meters: Array<{ id: string; serial: string; kind: MeterKind; label: string | null; model: string | null; zones: number; phases: number }>;
}

export interface ZoneConsumption {
  zone: number;
  name: string;
  consumption: number | null;
}

export interface ConsumptionInterval {
  from: string;
  to: string;
  consumption: number | null;
  complete: boolean;
  zones: ZoneConsumption[];
}

export interface ConsumptionPage {
  unit: string;
  timeZone: string;
  total: number | null;
  complete: boolean;
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: ConsumptionInterval }>;
}

export interface QuantityStatistics {
  quantity: Quantity;
  unit: string;
  count: number;
  min: number;
  max: number;
  average: number;
  consumption: number | null;
  first: { value: number; time: string } | null;
  last: { value: number; time: string } | null;
  gaps: Array<{ from: string; to: string }>;
}

export interface SeriesPoint {
  time: string;
  min: number;
  max: number;
  average: number;
  count: number;
}

export interface Series {
  quantity: Quantity;
  unit: string;
  points: SeriesPoint[];
}

export interface QualityReport {
  from: string;
  to: string;
  nominalVoltage: number;
  expectedIntervals: number;
  /** Intervals a verdict needs measured (95 % of the week). */
  minimumIntervals: number;
  phases: Array<{ phase: number; measuredIntervals: number; withinTenPercent: number | null; min: number | null; max: number | null }>;
  frequency: { measuredIntervals: number; within02Hz: number | null; within04Hz: number | null; within1Percent: number | null };
  events: Array<{ kind: QualityEventKind; phase: number; start: string; end: string; extreme: number }>;
  norms: Array<{ norm: string; requirement: string; met: boolean | null; measuredIntervals: number }>;
}

export interface LiveMeasurement {
  meterId: string;
  time: string;
  power: number | null;
  voltage: Array<number | null>;
  current: Array<number | null>;
  powerFactor: number | null;
  frequency: number | null;
  /** kWh since local midnight. */
  consumptionToday: number | null;
  registers: Reading[];
}

const CONTROLLER_DETAILS_FIELDS = gql`
  fragment ControllerDetailsFields on Controller {
    ...ControllerHealthFields
    model
    firmware
    signalDbm
    batteryPct
    boundToViewer
    meters {
      id
      serial
      kind
      label
    }
  }
  ${CONTROLLER_HEALTH_FIELDS}
`;

export const METER_PAGE_QUERY: TypedDocumentNode<{ viewer: MeterPage | null }, { id: string }> = gql`
  query MeterPage($id: ID!) {
    viewer {
      account {
        ...AccountFields
        timeZone
      }
      meter(id: $id) {
        id
        serial
        kind
        model
        zones
        phases
        label
        installAddress
        verificationDue
        controller {
          ...ControllerDetailsFields
        }
        lastReadings {
          ...ReadingFields
        }
      }
    }
  }
  ${ACCOUNT_FIELDS}
  ${READING_FIELDS}
  ${CONTROLLER_DETAILS_FIELDS}
`;

export const BIND_DEVICE_MUTATION: TypedDocumentNode<{ bindDevice: BindResult }, { serial: string; code: string }> = gql`
  mutation BindDevice($serial: String!, $code: String!) {
    bindDevice(serial: $serial, code: $code) {
      kind
      alreadyBound
      controller {
        id
        serial
      }
      meters {
        id
        serial
        kind
        label
        model
        zones
        phases
      }
    }
  }
`;

export const UNBIND_DEVICE_MUTATION: TypedDocumentNode<{ unbindDevice: boolean }, { serial: string }> = gql`
  mutation UnbindDevice($serial: String!) {
    unbindDevice(serial: $serial)
  }
`;

export const SET_METER_LABEL_MUTATION: TypedDocumentNode<{ setMeterLabel: { id: string; label: string | null } }, { meterId: string; label: string }> = gql`
  mutation SetMeterLabel($meterId: ID!, $label: String!) {
    setMeterLabel(meterId: $meterId, label: $label) {
      id
      label
    }
  }
`;

export const CONSUMPTION_QUERY: TypedDocumentNode<
  { viewer: { meter: { consumption: ConsumptionPage } | null } | null },
  { id: string; resolution: Resolution; from: string; to: string; timeZone: string; first: number; after: string | null }
> = gql`
  query Consumption($id: ID!, $resolution: Resolution!, $from: DateTime!, $to: DateTime!, $timeZone: String, $first: Int!, $after: String) {
    viewer {
      meter(id: $id) {
        consumption(resolution: $resolution, from: $from, to: $to, timeZone: $timeZone, first: $first, after: $after) {
          unit
          timeZone
          total
          complete
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              from
              to
              consumption
              complete
              zones {
                zone
                name
                consumption
              }
            }
          }
        }
      }
    }
  }
`;

export const STATISTICS_QUERY: TypedDocumentNode<{ viewer: { meter: { statistics: QuantityStatistics[] } | null } | null }, { id: string; from: string; to: string }> = gql`
  query Statistics($id: ID!, $from: DateTime!, $to: DateTime!) {
    viewer {
      meter(id: $id) {
        statistics(from: $from, to: $to) {
          quantity
          unit
          count
          min
          max
          average
          consumption
          first {
            value
            time
          }
          last {
            value
            time
          }
          gaps {
            from
            to
          }
        }
      }
    }
  }
`;

export const SERIES_QUERY: TypedDocumentNode<
  { viewer: { meter: { series: Series[] } | null } | null },
  { id: string; quantities: Quantity[]; from: string; to: string; aggregation: Aggregation }
> = gql`
  query Series($id: ID!, $quantities: [Quantity!]!, $from: DateTime!, $to: DateTime!, $aggregation: Aggregation!) {
    viewer {
      meter(id: $id) {
        series(quantities: $quantities, from: $from, to: $to, aggregation: $aggregation) {
          quantity
          unit
          points {
            time
            min
            max
            average
            count
          }
        }
      }
    }
  }
`;

export const QUALITY_REPORT_QUERY: TypedDocumentNode<{ viewer: { meter: { qualityReport: QualityReport } | null } | null }, { id: string; weekOf: string; timeZone: string }> = gql`
  query QualityReport($id: ID!, $weekOf: DateTime!, $timeZone: String) {
    viewer {
      meter(id: $id) {
        qualityReport(weekOf: $weekOf, timeZone: $timeZone) {
          from
          to
          nominalVoltage
          expectedIntervals
          minimumIntervals
          phases {
            phase
            measuredIntervals
            withinTenPercent
            min
            max
          }
          frequency {
            measuredIntervals
            within02Hz
            within04Hz
            within1Percent
          }
          events {
            kind
            phase
            start
            end
            extreme
          }
          norms {
            norm
            requirement
            met
            measuredIntervals
          }
        }
      }
    }
  }
`;

/** Snapshots of one electricity meter; `since` replays what was missed (updated in place as they arrive). */
export const LIVE_MEASUREMENT_SUBSCRIPTION: TypedDocumentNode<{ liveMeasurement: LiveMeasurement }, { meterId: string; since: string | null }> = gql`
  subscription LiveMeasurement($meterId: ID!, $since: DateTime) {
    liveMeasurement(meterId: $meterId, since: $since) {
      meterId
      time
      power
      voltage
      current
      powerFactor
      frequency
      consumptionToday
      registers {
        ...ReadingFields
      }
    }
  }
  ${READING_FIELDS}
`;

/** Readings of the given meters; `since` replays what was missed (updated in place as they arrive). */
export const METER_READINGS_SUBSCRIPTION: TypedDocumentNode<{ readingAdded: Reading }, { meterIds: string[]; since: string | null }> = gql`
  subscription MeterReadings($meterIds: [ID!], $since: DateTime) {
    readingAdded(meterIds: $meterIds, since: $since) {
      ...ReadingFields
    }
  }
  ${READING_FIELDS}
`;

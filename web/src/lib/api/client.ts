/**
 * The only module that talks to the API: GraphQL over HTTP (queries, mutations) and over a WebSocket
 * (graphql-transport-ws, live readings), plus the two plain HTTP endpoints the cabinet reads (the captcha
 * challenge, the development outbox). Screens call the functions below and get typed data or an ApiError.
 *
 * The session is an HttpOnly cookie set by every way of signing in (`signIn`, `register`, `recoverWithCode`,
 * `resetPassword`); the browser sends it with every request and on the WebSocket upgrade, so no session
 * token is ever handled here.
 */
import { Client, fetchExchange, subscriptionExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import {
  ACCOUNT_SETTINGS_QUERY,
  CABINET_QUERY,
  CHANGE_EMAIL_MUTATION,
  CHANGE_PASSWORD_MUTATION,
  CHANGE_PHONE_MUTATION,
  CONFIRM_EMAIL_MUTATION,
  CREATE_ACCESS_TOKEN_MUTATION,
  PROFILE_QUERY,
  READING_ADDED_SUBSCRIPTION,
  RECOVER_WITH_CODE_MUTATION,
  REGISTER_MUTATION,
  REQUEST_PASSWORD_RECOVERY_MUTATION,
  REQUEST_PHONE_CHANGE_CODE_MUTATION,
  REQUEST_REGISTRATION_CODE_MUTATION,
  RESEND_EMAIL_CONFIRMATION_MUTATION,
  RESET_PASSWORD_MUTATION,
  REVOKE_ACCESS_TOKEN_MUTATION,
  REVOKE_SESSION_MUTATION,
  SIGNED_IN_QUERY,
  SIGN_IN_MUTATION,
  SIGN_OUT_MUTATION,
  SIGN_OUT_OTHER_SESSIONS_MUTATION,
  UPDATE_PROFILE_MUTATION,
  VERIFY_REGISTRATION_CODE_MUTATION,
  VIEWER_ACCOUNT_QUERY,
  CALLBACK_REQUESTS_QUERY,
  CLOSE_SUPPORT_THREAD_MUTATION,
  CONTACTS_QUERY,
  MARK_CALLBACK_DONE_MUTATION,
  MARK_SUPPORT_THREAD_READ_MUTATION,
  OPEN_SUPPORT_THREAD_MUTATION,
  REQUEST_CALLBACK_MUTATION,
  SEND_FEEDBACK_MUTATION,
  SEND_SUPPORT_MESSAGE_MUTATION,
  SUPPORT_MESSAGE_ADDED_SUBSCRIPTION,
  SUPPORT_THREAD_QUERY,
  SUPPORT_THREADS_QUERY,
  SUPPORT_UNREAD_QUERY,
  type CallbackInput,
  type CallbackRequest,
  type Contacts,
  type FeedbackInput,
  type SupportAttachment,
  type SupportMessage,
  type SupportThread,
  type SupportThreadSummary,
  type ThreadStatus,
  type AccessToken,
  type Account,
  type AccountSettings,
  type CodeSent,
  type Reading,
  type RecoveryStarted,
  type RegisterInput,
  type SessionInfo,
  type Viewer,
} from './documents';
import { apiErrorText, language, t } from '$lib/i18n';
import { ApiError, toApiError } from './errors';
import { stringifyDocument } from '@urql/core';
import {
  BIND_DEVICE_MUTATION,
  CONSUMPTION_QUERY,
  LIVE_MEASUREMENT_SUBSCRIPTION,
  METER_PAGE_QUERY,
  METER_READINGS_SUBSCRIPTION,
  QUALITY_REPORT_QUERY,
  SERIES_QUERY,
  SET_METER_LABEL_MUTATION,
  STATISTICS_QUERY,
  UNBIND_DEVICE_MUTATION,
  type Aggregation,
  type BindResult,
  type ConsumptionInterval,
  type ConsumptionPage,
  type LiveMeasurement,
  type MeterPage,
  type QualityReport,
  type Quantity,
  type QuantityStatistics,
  type Resolution,
  type Series,
} from './documents';

const GRAPHQL_PATH = '/graphql';
/** A ping this often keeps proxies from dropping an idle socket and tells us when the link is dead. */
const KEEP_ALIVE_MS = 20_000;
/** No pong within this after a ping: the socket is treated as dead and reopened. */
const PONG_TIMEOUT_MS = 8_000;
/** Reconnection backoff: 1 s, 2 s, 4 s … capped here, plus jitter so many tabs do not return in step. */
const MAX_RETRY_DELAY_MS = 30_000;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_PONG_TIMEOUT = 4408;

/** State of the live connection: `reconnecting` is shown to the user as «нет связи, переподключение…». */
export type LiveStatus = 'connecting' | 'online' | 'reconnecting';

let ws: WsClient | null = null;
let liveStatus: LiveStatus = 'connecting';
const statusListeners = new Set<(status: LiveStatus) => void>();
const connectedListeners = new Set<() => void>();

function setLiveStatus(status: LiveStatus): void {
  if (status === liveStatus) return;
  liveStatus = status;
  for (const listener of statusListeners) listener(status);
}

function webSocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${GRAPHQL_PATH}`;
}

/** Created on the first subscription, not at import: the login page never opens a socket. */
function liveClient(): WsClient {
  if (ws) return ws;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let socket: WebSocket | null = null;
  // A disposed client still reports its socket closing; only the current one may change the shown status.
  const current = () => ws === self;
  const self: WsClient = createWsClient({
    url: webSocketUrl,
    lazy: true,
    keepAlive: KEEP_ALIVE_MS,
    retryAttempts: Infinity,
    retryWait: async (retries) => {
      const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** retries) + Math.random() * 1000;
      await new Promise((resolve) => setTimeout(resolve, delay));
    },
    // Every close is worth retrying (a restart, a dropped link) except a refusal: the session is gone, and
    // knocking again would never help; the subscriber is told instead and sends the person to sign in.
    shouldRetry: (event) => (event as { code?: number } | null)?.code !== CLOSE_FORBIDDEN,
    on: {
      connecting: (isRetry) => {
        if (current()) setLiveStatus(isRetry ? 'reconnecting' : 'connecting');
      },
      opened: (opened) => {
        socket = opened as WebSocket;
      },
      connected: () => {
        if (!current()) return;
        setLiveStatus('online');
        for (const listener of connectedListeners) listener();
      },
      ping: (received) => {
        if (!received) pongTimer = setTimeout(() => socket?.close(CLOSE_PONG_TIMEOUT, 'Pong timeout'), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: () => {
        clearTimeout(pongTimer);
        socket = null;
        if (current()) setLiveStatus('reconnecting');
      },
    },
  });
  ws = self;
  return self;
}

/**
 * A new session (signed in, signed out) must not ride on a socket authenticated as the previous one:
 * the API checks the cookie once, when the socket opens.
 */
function dropLiveConnection(): void {
  ws?.dispose();
  ws = null;
  liveStatus = 'connecting';
}

const client = new Client({
  url: GRAPHQL_PATH,
  // The API's CSRF prevention refuses simple GET requests; a JSON POST always passes.
  preferGetMethod: false,
  fetchOptions: { credentials: 'include' },
  exchanges: [
    subscriptionExchange({
      forwardSubscription(request) {
        const payload = { ...request, query: request.query ?? '' };
        return {
          subscribe(sink) {
            return { unsubscribe: liveClient().subscribe(payload, sink) };
          },
        };
      },
    }),
    // No document cache: every screen wants the newest data, and a cache would outlive a sign-out.
    fetchExchange,
  ],
});

async function query<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const result = await client.query(document, variables).toPromise();
  if (result.error) throw toApiError(result.error);
  if (!result.data) throw new ApiError(t.errors.emptyAnswer, 'INTERNAL_SERVER_ERROR');
  return result.data;
}

async function mutate<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const result = await client.mutation(document, variables).toPromise();
  if (result.error) throw toApiError(result.error);
  if (!result.data) throw new ApiError(t.errors.emptyAnswer, 'INTERNAL_SERVER_ERROR');
  return result.data;
}

/** The account and its meters with their latest readings; null when not signed in. */
export async function fetchCabinet(): Promise<Viewer | null> {
  return (await query(CABINET_QUERY, {})).viewer;
}

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

// ——— Accounts ———

/** Where the ALTCHA widget fetches its proof-of-work challenges (GET, JSON). */
export const CAPTCHA_CHALLENGE_URL = '/captcha/challenge';

export async function fetchAccountSettings(): Promise<AccountSettings> {
  return (await query(ACCOUNT_SETTINGS_QUERY, {})).accountSettings;
}

/** The signed-in account (null when signed out) and whether it must set a new password first. */
export async function fetchViewerAccount(): Promise<{ account: Account; mustChangePassword: boolean } | null> {
  return (await query(VIEWER_ACCOUNT_QUERY, {})).viewer;
}

export interface Profile {
  account: Account;
  mustChangePassword: boolean;
  sessions: SessionInfo[];
  accessTokens: AccessToken[];
}

/** The account with its sessions and integration tokens; null when signed out. */
export async function fetchProfile(): Promise<Profile | null> {
  return (await query(PROFILE_QUERY, {})).viewer;
}

/** Registration, step 1: the phone and the captcha widget's payload (single use) → an SMS code. */
export async function requestRegistrationCode(phone: string, captcha: string): Promise<CodeSent> {
  return (await mutate(REQUEST_REGISTRATION_CODE_MUTATION, { phone, captcha })).requestRegistrationCode;
}

/** Registration, step 2: the code → a token proving the phone, and whether it already has an account. */
export async function verifyRegistrationCode(phone: string, code: string): Promise<{ verificationToken: string; accountExists: boolean }> {
  return (await mutate(VERIFY_REGISTRATION_CODE_MUTATION, { phone, code })).verifyRegistrationCode;
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

/** Signs in with the recovery SMS code: a session that must set a new password next. */
export async function recoverWithCode(phone: string, code: string): Promise<Account> {
  const data = await mutate(RECOVER_WITH_CODE_MUTATION, { phone, code });
  dropLiveConnection();
  return data.recoverWithCode.account;
}

/** The recovery email's link: a new password, other sessions ended, signed in. */
export async function resetPassword(token: string, password: string): Promise<Account> {
  const data = await mutate(RESET_PASSWORD_MUTATION, { token, password });
  dropLiveConnection();
  return data.resetPassword.account;
}

export async function updateProfile(fullName: string, address: string): Promise<Account> {
  return (await mutate(UPDATE_PROFILE_MUTATION, { fullName, address })).updateProfile;
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

export async function changePhone(phone: string, code: string, currentPassword: string): Promise<Account> {
  return (await mutate(CHANGE_PHONE_MUTATION, { phone, code, currentPassword })).changePhone;
}

/** A new password; `currentPassword` is null only in a recovery session. Other sessions end. */
export async function changePassword(password: string, currentPassword: string | null): Promise<Account> {
  return (await mutate(CHANGE_PASSWORD_MUTATION, { password, currentPassword })).changePassword;
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

// ——— Development outbox ———

/** One message the development outbox caught instead of an SMS gateway or a mail server. */
export interface OutboxEntry {
  channel: 'sms' | 'email';
  to: string;
  subject?: string;
  text: string;
  /** RFC 3339. */
  at: string;
}

/**
 * The development outbox, newest first; null where it does not exist (production). Asked for as JSON: for
 * an HTML request the server would answer any unknown path with the cabinet's page.
 */
export async function fetchOutbox(): Promise<OutboxEntry[] | null> {
  let response: Response;
  try {
    response = await fetch('/dev/outbox.json', { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(t.errors.network, 'NETWORK');
  }
  if (response.status === 404) return null;
  if (!response.ok || !response.headers.get('content-type')?.includes('json')) return null;
  return (await response.json()) as OutboxEntry[];
}

export interface ReadingsWatcher {
  /** Each reading of the viewer's meters, as the API stores it. */
  reading(reading: Reading): void;
  /** The live connection changed state (reported at once with the current state). */
  status(status: LiveStatus): void;
  /**
   * The socket is connected again (also the first time): readings stored while it was down never arrive,
   * so this is the moment to fetch the latest values once.
   */
  connected(): void;
  /** The subscription ended for good, e.g. UNAUTHENTICATED after the session expired. */
  failed(error: ApiError): void;
}

/** Live readings of all the viewer's meters; returns a function that stops them. */
export function watchReadings(watcher: ReadingsWatcher): () => void {
  statusListeners.add(watcher.status);
  connectedListeners.add(watcher.connected);
  watcher.status(liveStatus);
  const subscription = client.subscription(READING_ADDED_SUBSCRIPTION, {}).subscribe((result) => {
    if (result.error) watcher.failed(toApiError(result.error));
    else if (result.data) watcher.reading(result.data.readingAdded);
  });
  return () => {
    subscription.unsubscribe();
    statusListeners.delete(watcher.status);
    connectedListeners.delete(watcher.connected);
  };
}

// ——— Support: contacts, «Консультация», feedback, threads, photos ———

/** The operator's contacts in the cabinet's language (phones, email, hours from its configuration). */
export async function fetchContacts(): Promise<Contacts> {
  return (await query(CONTACTS_QUERY, { language })).contacts;
}

/** «Консультация»: a callback within an hour. Public; the captcha payload is single use. */
export async function requestCallback(input: CallbackInput): Promise<CallbackRequest> {
  return (await mutate(REQUEST_CALLBACK_MUTATION, { input })).requestCallback;
}

/** The feedback form: stored and emailed to the support mailbox. Public, with a captcha. */
export async function sendFeedback(input: FeedbackInput): Promise<void> {
  await mutate(SEND_FEEDBACK_MUTATION, { input });
}

/** Operators: the callback queue (oldest first) or, with `pending` false, the requests already done. */
export async function fetchCallbackRequests(pending: boolean): Promise<CallbackRequest[]> {
  return (await query(CALLBACK_REQUESTS_QUERY, { pending })).callbackRequests;
}

export async function markCallbackDone(id: string): Promise<CallbackRequest> {
  return (await mutate(MARK_CALLBACK_DONE_MUTATION, { id })).markCallbackDone;
}

/** The viewer's threads (all of them for operators), newest activity first; null when signed out. */
export async function fetchSupportThreads(status: ThreadStatus | null = null): Promise<SupportThreadSummary[] | null> {
  return (await query(SUPPORT_THREADS_QUERY, { status })).viewer?.supportThreads ?? null;
}

/** Unread messages over all the viewer's threads; null when signed out. */
export async function fetchSupportUnread(): Promise<number | null> {
  const viewer = (await query(SUPPORT_UNREAD_QUERY, {})).viewer;
  return viewer ? viewer.supportThreads.reduce((sum, thread) => sum + thread.unreadCount, 0) : null;
}

/** A thread with its messages: `signedOut`, or `thread` null when there is no such thread for this viewer. */
export async function fetchSupportThread(id: string): Promise<{ signedOut: true } | { signedOut: false; thread: SupportThread | null }> {
  const viewer = (await query(SUPPORT_THREAD_QUERY, { id })).viewer;
  return viewer ? { signedOut: false, thread: viewer.supportThread } : { signedOut: true };
}

/** Opens a thread with its first message and the photos uploaded for it; returns the thread's id. */
export async function openSupportThread(topic: string, text: string, attachmentIds: string[]): Promise<string> {
  return (await mutate(OPEN_SUPPORT_THREAD_MUTATION, { topic, text, attachmentIds })).openSupportThread.id;
}

/** A message into a thread (a customer writing into a closed thread reopens it). */
export async function sendSupportMessage(threadId: string, text: string, attachmentIds: string[]): Promise<SupportMessage> {
  return (await mutate(SEND_SUPPORT_MESSAGE_MUTATION, { threadId, text, attachmentIds })).sendSupportMessage;
}

export async function markSupportThreadRead(threadId: string): Promise<void> {
  await mutate(MARK_SUPPORT_THREAD_READ_MUTATION, { threadId });
}

export async function closeSupportThread(threadId: string): Promise<ThreadStatus> {
  return (await mutate(CLOSE_SUPPORT_THREAD_MUTATION, { threadId })).closeSupportThread.status;
}

export interface SupportWatcher {
  message(message: SupportMessage): void;
  /** The live connection changed state (reported at once with the current state). */
  status?(status: LiveStatus): void;
  /** Connected (again): messages sent while the socket was down never arrive, so fetch once more. */
  connected?(): void;
  /** The subscription ended for good (UNAUTHENTICATED, NOT_FOUND…). */
  failed(error: ApiError): void;
}

/** New support messages — of one thread, or of every thread the viewer may see; returns the function that stops them. */
export function watchSupportMessages(threadId: string | null, watcher: SupportWatcher): () => void {
  const { status, connected } = watcher;
  if (status) {
    statusListeners.add(status);
    status(liveStatus);
  }
  if (connected) connectedListeners.add(connected);
  const subscription = client.subscription(SUPPORT_MESSAGE_ADDED_SUBSCRIPTION, { threadId }).subscribe((result) => {
    if (result.error) watcher.failed(toApiError(result.error));
    else if (result.data) watcher.message(result.data.supportMessageAdded);
  });
  return () => {
    subscription.unsubscribe();
    if (status) statusListeners.delete(status);
    if (connected) connectedListeners.delete(connected);
  };
}

/** Where photos are uploaded (POST, the raw image as the body) and downloaded (GET …/:id). */
export const ATTACHMENTS_PATH = '/support/attachments';

export interface Upload {
  /** The stored photo, to reference by id in a message. */
  done: Promise<SupportAttachment>;
  abort(): void;
}

/**
 * Uploads one photo, reporting progress (0…1). XMLHttpRequest rather than fetch: only it reports how much
 * of a request body has been sent. The API judges the type by the bytes and answers 413 above its limit.
 */
export function uploadAttachment(file: File, onProgress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<SupportAttachment>((resolve, reject) => {
    xhr.open('POST', `${ATTACHMENTS_PATH}?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', file.type);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (SupportAttachment & { error?: undefined }) | { error?: { message?: string; code?: string; field?: string } } | null;
      if (xhr.status === 201 && body && !body.error) {
        onProgress(1);
        resolve(body as SupportAttachment);
        return;
      }
      const error = body?.error;
      const code = error?.code ?? (xhr.status === 413 ? 'PAYLOAD_TOO_LARGE' : xhr.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR');
      const message = error?.message && /[а-яё]/i.test(error.message) ? error.message : t.errors.generic;
      reject(new ApiError(apiErrorText(message, code, error?.field), code, error?.field));
    };
    xhr.onerror = () => reject(new ApiError(t.errors.network, 'NETWORK'));
    xhr.onabort = () => reject(new ApiError(t.errors.generic, 'ABORTED'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

// ——— Devices and readings ———

/** A meter's page: the meter (null when it is not the viewer's) and the account's time zone; null when signed out. */
export async function fetchMeterPage(id: string): Promise<MeterPage | null> {
  return (await query(METER_PAGE_QUERY, { id })).viewer;
}

/** Binds a controller (with its meters) or a meter by serial and claim code; errors name the field (serial, code). */
export async function bindDevice(serial: string, code: string): Promise<BindResult> {
  return (await mutate(BIND_DEVICE_MUTATION, { serial, code })).bindDevice;
}

/** Unbinds by serial; false when it was not bound to the viewer. */
export async function unbindDevice(serial: string): Promise<boolean> {
  return (await mutate(UNBIND_DEVICE_MUTATION, { serial })).unbindDevice;
}

/** The viewer's own name for a meter; an empty label removes it. Returns the label now in force. */
export async function setMeterLabel(meterId: string, label: string): Promise<string | null> {
  return (await mutate(SET_METER_LABEL_MUTATION, { meterId, label })).setMeterLabel.label;
}

/** A meter's part of the viewer: null means signed out (UNAUTHENTICATED), a null meter that it is not theirs (NOT_FOUND). */
function meterOf<M>(viewer: { meter: M | null } | null): M {
  if (!viewer) throw new ApiError(t.errors.sessionEnded, 'UNAUTHENTICATED');
  if (!viewer.meter) throw new ApiError(t.meters.page.notFoundText, 'NOT_FOUND');
  return viewer.meter;
}

/** Intervals per request: the API's page limit. */
const CONSUMPTION_PAGE = 1000;

export interface ConsumptionReport {
  unit: string;
  timeZone: string;
  intervals: ConsumptionInterval[];
}

/** A whole consumption report over [from, to), page after page. */
export async function fetchConsumption(id: string, resolution: Resolution, from: number, to: number, timeZone: string): Promise<ConsumptionReport> {
  const intervals: ConsumptionInterval[] = [];
  let after: string | null = null;
  for (;;) {
    const variables = { id, resolution, from: new Date(from).toISOString(), to: new Date(to).toISOString(), timeZone, first: CONSUMPTION_PAGE, after };
    const page: ConsumptionPage = meterOf((await query(CONSUMPTION_QUERY, variables)).viewer).consumption;
    intervals.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return { unit: page.unit, timeZone: page.timeZone, intervals };
    after = page.pageInfo.endCursor;
  }
}

export async function fetchStatistics(id: string, from: number, to: number): Promise<QuantityStatistics[]> {
  return meterOf((await query(STATISTICS_QUERY, { id, from: new Date(from).toISOString(), to: new Date(to).toISOString() })).viewer).statistics;
}

export async function fetchSeries(id: string, quantities: Quantity[], from: number, to: number, aggregation: Aggregation): Promise<Series[]> {
  const variables = { id, quantities, from: new Date(from).toISOString(), to: new Date(to).toISOString(), aggregation };
  return meterOf((await query(SERIES_QUERY, variables)).viewer).series;
}

/** The compliance report of the week (Monday to Monday in `timeZone`) containing `weekOf`. */
export async function fetchQualityReport(id: string, weekOf: number, timeZone: string): Promise<QualityReport> {
  return meterOf((await query(QUALITY_REPORT_QUERY, { id, weekOf: new Date(weekOf).toISOString(), timeZone })).viewer).qualityReport;
}

export interface LiveWatcher<T> {
  /** A new value (after a reconnection, first the ones missed while the socket was down). */
  next(value: T): void;
  /** The live connection changed state (reported at once with the current state). */
  status(status: LiveStatus): void;
  /** The subscription ended for good: UNAUTHENTICATED, FORBIDDEN (unbound meanwhile), BAD_USER_INPUT… */
  failed(error: ApiError): void;
}

/** An error the socket delivered: the GraphQL errors of the operation, or a close event. */
function liveError(error: unknown): ApiError {
  const first = Array.isArray(error) ? (error[0] as { message?: string; extensions?: Record<string, unknown> } | undefined) : undefined;
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
    const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined;
    return new ApiError(apiErrorText(first.message ?? '', code, field), code, field);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === CLOSE_FORBIDDEN || code === 4401) return new ApiError(t.errors.sessionEnded, 'UNAUTHENTICATED');
  return new ApiError(t.errors.network, 'NETWORK');
}

/**
 * A resumable subscription straight on the socket: after every value `since` in the payload is moved to its
 * time, and graphql-ws sends that same payload when it reconnects, so the server replays exactly what was missed.
 */
function watchLive<Data, Variables extends { since: string | null }, T>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  pick: (data: Data) => { value: T; time: string },
  watcher: LiveWatcher<T>,
): () => void {
  statusListeners.add(watcher.status);
  watcher.status(liveStatus);
  const payload = { query: stringifyDocument(document), variables: { ...variables } };
  const unsubscribe = liveClient().subscribe<Data>(payload, {
    next: (result) => {
      if (result.errors?.length) return watcher.failed(liveError(result.errors));
      if (!result.data) return;
      const { value, time } = pick(result.data as Data);
      if (!payload.variables.since || Date.parse(time) > Date.parse(payload.variables.since)) payload.variables.since = time;
      watcher.next(value);
    },
    error: (error) => watcher.failed(liveError(error)),
    complete: () => {},
  });
  return () => {
    unsubscribe();
    statusListeners.delete(watcher.status);
  };
}

/** Snapshots of an electricity meter after each pack of readings, from `since` (at most 24 hours back). */
export function watchLiveMeasurement(meterId: string, since: string | null, watcher: LiveWatcher<LiveMeasurement>): () => void {
  return watchLive(LIVE_MEASUREMENT_SUBSCRIPTION, { meterId, since }, (d) => ({ value: d.liveMeasurement, time: d.liveMeasurement.time }), watcher);
}

/** Each reading of one meter as it is stored, from `since` (at most 24 hours back). */
export function watchMeterReadings(meterId: string, since: string | null, watcher: LiveWatcher<Reading>): () => void {
  return watchLive(METER_READINGS_SUBSCRIPTION, { meterIds: [meterId], since }, (d) => ({ value: d.readingAdded, time: d.readingAdded.time }), watcher);
}


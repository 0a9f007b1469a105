/** Warnings: the viewer's alerts, the bell's count, acknowledging, muting, away mode and the live change. */
import { mutate, query, subscribe, type LiveListeners } from './connection.js';
import type { ApiError } from './errors.js';
import type { ResultOf } from './graphql.js';
import {
  ACKNOWLEDGE_ALERT_MUTATION,
  ACKNOWLEDGE_ALL_ALERTS_MUTATION,
  ALERT_CHANGED_SUBSCRIPTION,
  ALERTS_QUERY,
  ALERT_HISTORY_QUERY,
  ALERT_PAGE,
  ALERTS_UNREAD_QUERY,
  MUTE_ALERT_MUTATION,
  SET_AWAY_MODE_MUTATION,
  SET_QUIET_HOURS_MUTATION,
  SUBSCRIBE_PUSH_MUTATION,
  UNSUBSCRIBE_PUSH_MUTATION,
  WEB_PUSH_KEY_QUERY,
  METER_ALERT_SETTINGS_QUERY,
  SET_ALERT_SETTINGS_MUTATION,
  EXPECT_CONTINUOUS_FLOW_MUTATION,
  OPERATOR_ALERTS_QUERY,
  OPERATOR_ALERT_CHANGED_SUBSCRIPTION,
  type Alert,
  type OperatorAlert,
  type AlertSettingsInput,
  type AwayMode,
  type MeterAlertSettings,
  type QuietHours,
} from './alerts.documents.js';

export type { Alert, AlertSettingsInput, AwayMode, MeterAlertSettings, OperatorAlert, QuietHours };

export interface AlertsPage {
  account: { id: string; timeZone: string };
  mustChangePassword: boolean;
  away: AwayMode | null;
  quiet: QuietHours | null;
  /** Every open alert (up to 100), newest first. */
  open: Alert[];
  /** Resolved alerts, newest first: the first page, then more with `fetchAlertHistory(next)`. */
  history: Alert[];
  historyTotal: number;
  unread: number;
  next: string | null;
  /** Which of the viewer's meters each modem serves (a modem's warning leads to one of them). */
  meters: { id: string; controllerSerial: string | null }[];
}

/** Resolved alerts per page of the history. */
export const HISTORY_PAGE = 30;

/** The open alerts and the history's first page; null when signed out. */
export async function fetchAlerts(): Promise<AlertsPage | null> {
  const viewer = (await query(ALERTS_QUERY, { first: HISTORY_PAGE })).viewer;
  if (!viewer) return null;
  const history = pageOf(viewer.history);
  return {
    account: viewer.account,
    mustChangePassword: viewer.mustChangePassword,
    away: viewer.awayMode ?? null,
    quiet: viewer.quietHours ?? null,
    open: viewer.open.edges.map((e) => e.node),
    history: history.alerts,
    historyTotal: history.total,
    unread: viewer.open.unreadCount,
    next: history.next,
    meters: viewer.meters.map((m) => ({ id: m.id, controllerSerial: m.controller?.serial ?? null })),
  };
}

/** A page of the history: its alerts, how many there are in all, and the cursor of the next page (null: none). */
export interface AlertHistoryPage {
  alerts: Alert[];
  total: number;
  next: string | null;
}

function pageOf(c: ResultOf<typeof ALERT_PAGE>): AlertHistoryPage {
  return { alerts: c.edges.map((e) => e.node), total: c.totalCount, next: c.pageInfo.hasNextPage ? (c.pageInfo.endCursor ?? null) : null };
}

/** The history's page after `after`; null when signed out. */
export async function fetchAlertHistory(after: string): Promise<AlertHistoryPage | null> {
  const viewer = (await query(ALERT_HISTORY_QUERY, { first: HISTORY_PAGE, after })).viewer;
  return viewer ? pageOf(viewer.alerts) : null;
}

/**
 * Operators' list: a page of every customer's warnings, how many match in all (with the first page only: the API
 * counts a year of warnings for it; the list keeps it up to date from the live changes), and the next page's cursor.
 */
export interface OperatorAlertsPage {
  alerts: OperatorAlert[];
  total: number | null;
  next: string | null;
}

export const OPERATOR_ALERTS_PAGE = 30;

/** Operators: every customer's warnings, newest first — open (true), resolved (false) or all; of one rule when given. */
export async function fetchOperatorAlerts(filter: { open: boolean | null; rule: OperatorAlert['rule'] | null }, after: string | null = null): Promise<OperatorAlertsPage> {
  const c = (await query(OPERATOR_ALERTS_QUERY, { first: OPERATOR_ALERTS_PAGE, after, open: filter.open, rule: filter.rule, withTotal: after === null })).operatorAlerts;
  return { alerts: c.edges.map((e) => e.node), total: c.totalCount ?? null, next: c.pageInfo.hasNextPage ? (c.pageInfo.endCursor ?? null) : null };
}

/** Alerts not acknowledged yet (the bell); null when signed out. */
export async function fetchAlertsUnread(): Promise<number | null> {
  return (await query(ALERTS_UNREAD_QUERY, {})).viewer?.alerts.unreadCount ?? null;
}

export async function acknowledgeAlert(id: string): Promise<Alert> {
  return (await mutate(ACKNOWLEDGE_ALERT_MUTATION, { id })).acknowledgeAlert;
}

/** Every warning not read yet marked read, open or ended; how many were. */
export async function acknowledgeAllAlerts(): Promise<number> {
  return (await mutate(ACKNOWLEDGE_ALL_ALERTS_MUTATION, {})).acknowledgeAllAlerts;
}

/** No email or SMS about it for `hours` (0 unmutes). */
export async function muteAlert(id: string, hours: number): Promise<Alert> {
  return (await mutate(MUTE_ALERT_MUTATION, { id, hours })).muteAlert;
}

/** «Я в отъезде» from `from` to `to`; `to` null ends it now. */
export async function setAwayMode(from: Date, to: Date | null): Promise<AwayMode | null> {
  return (await mutate(SET_AWAY_MODE_MUTATION, { from: from.toISOString(), to: to ? to.toISOString() : null })).setAwayMode ?? null;
}

export interface AlertWatcher<A = Alert> extends LiveListeners {
  changed(change: string, alert: A): void;
  failed(error: ApiError): void;
}

/** The viewer's alerts as they open, resolve, or are acknowledged or muted; returns the function that stops it. */
export function watchAlerts(watcher: AlertWatcher): () => void {
  return subscribe(ALERT_CHANGED_SUBSCRIPTION, {}, (data) => watcher.changed(data.alertChanged.change, data.alertChanged.alert), watcher.failed, watcher);
}

/** Operators: every customer's warnings as they change; returns the function that stops it. */
export function watchOperatorAlerts(watcher: AlertWatcher<OperatorAlert>): () => void {
  return subscribe(OPERATOR_ALERT_CHANGED_SUBSCRIPTION, {}, (data) => watcher.changed(data.operatorAlertChanged.change, data.operatorAlertChanged.alert), watcher.failed, watcher);
}

/** The key browsers subscribe to Web Push with (the server's VAPID public key, base64url). */
export async function fetchWebPushKey(): Promise<string> {
  return (await query(WEB_PUSH_KEY_QUERY, {})).webPushPublicKey;
}

/** This browser's push subscription receives the viewer's warnings. */
export async function subscribePush(endpoint: string, p256dh: string, auth: string): Promise<void> {
  await mutate(SUBSCRIBE_PUSH_MUTATION, { endpoint, p256dh, auth });
}

export async function unsubscribePush(endpoint: string): Promise<boolean> {
  return (await mutate(UNSUBSCRIBE_PUSH_MUTATION, { endpoint })).unsubscribePush;
}

/** Quiet hours from `from` to `to` (local whole hours); null and null turn them off. */
export async function setQuietHours(from: number | null, to: number | null): Promise<QuietHours | null> {
  return (await mutate(SET_QUIET_HOURS_MUTATION, { from, to })).setQuietHours ?? null;
}

/** The viewer's warning settings for a meter; null when signed out or not theirs. */
export async function fetchMeterAlertSettings(meterId: string): Promise<MeterAlertSettings | null> {
  return (await query(METER_ALERT_SETTINGS_QUERY, { id: meterId })).viewer?.meter?.alertSettings ?? null;
}

/** Thresholds (null: the default) and the rules switched off for a meter; in force at once. */
export async function setAlertSettings(meterId: string, input: AlertSettingsInput): Promise<MeterAlertSettings> {
  return (await mutate(SET_ALERT_SETTINGS_MUTATION, { meterId, input: input as never })).setAlertSettings;
}

/** No leak warnings for a water meter until `until` (null: watch again). */
export async function expectContinuousFlow(meterId: string, until: Date | null): Promise<string | null> {
  return (await mutate(EXPECT_CONTINUOUS_FLOW_MUTATION, { meterId, until: until ? until.toISOString() : null })).expectContinuousFlow ?? null;
}

/**
 * A device's health as the cabinet shows it: whether a controller is on the air (judged against its own
 * reporting interval, as the API does, but kept current as the page's clock runs and live readings arrive),
 * how good its signal is, and how soon a meter's verification (поверка) runs out.
 */
import type { DeviceStatusName, SignalQuality } from '$lib/i18n/sections/meters';
import { daysBetween } from './period';

/** Silent after 2.5 reporting intervals without a word: one late report is no alarm (the API's rule). */
export const SILENCE_FACTOR = 2.5;

export interface ControllerHealth {
  status: DeviceStatusName;
  /** RFC 3339. */
  lastSeenAt: string | null;
  reportingIntervalS: number;
}

export function presenceOf(c: ControllerHealth, now: number): DeviceStatusName {
  if (c.status === 'REVOKED') return 'REVOKED';
  if (!c.lastSeenAt) return 'NEVER_SEEN';
  return now - Date.parse(c.lastSeenAt) > SILENCE_FACTOR * c.reportingIntervalS * 1000 ? 'SILENT' : 'ONLINE';
}

/** Signal strength in words: cellular modems (NB-IoT, LTE-M) work reliably above about −100 dBm. */
export function signalQuality(dbm: number): SignalQuality {
  if (dbm >= -70) return 'excellent';
  if (dbm >= -85) return 'good';
  if (dbm >= -100) return 'fair';
  return 'poor';
}

/** Bars out of four for a signal, as phones draw them. */
export const signalBars = (dbm: number) => ({ excellent: 4, good: 3, fair: 2, poor: 1 })[signalQuality(dbm)];

export const BATTERY_LOW_PCT = 20;

export type VerificationState = { kind: 'unknown' } | { kind: 'ok'; days: number } | { kind: 'soon'; days: number } | { kind: 'overdue'; days: number };

/** Warn this many days before the verification date. */
export const VERIFICATION_WARNING_DAYS = 60;

/** How a verification due date («2027-03-31») stands on the local date `today`. */
export function verificationState(due: string | null, today: string): VerificationState {
  if (!due || !/^\d{4}-\d{2}-\d{2}$/.test(due)) return { kind: 'unknown' };
  const days = daysBetween(today, due);
  if (days < 0) return { kind: 'overdue', days: -days };
  return days <= VERIFICATION_WARNING_DAYS ? { kind: 'soon', days } : { kind: 'ok', days };
}

/** Meters and controllers: the cabinet's list, a meter's page, binding and labels, and the readings stream. */
import { t } from '$lib/i18n';
import { mutate, query, subscribe, type LiveStatus } from './connection.js';
import { ApiError } from './errors.js';
import type { Reading } from './fragments.js';
import {
  BIND_DEVICE_MUTATION,
  CABINET_QUERY,
  METER_PAGE_QUERY,
  READING_ADDED_SUBSCRIPTION,
  RECORD_METER_VERIFICATION_MUTATION,
  SET_METER_LABEL_MUTATION,
  UNBIND_DEVICE_MUTATION,
  type BindResult,
  type MeterPage,
  type Viewer,
} from './meters.documents.js';

/** The account and its meters with their latest readings; null when not signed in. */
export async function fetchCabinet(): Promise<Viewer | null> {
  return (await query(CABINET_QUERY, {})).viewer;
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
  return subscribe(READING_ADDED_SUBSCRIPTION, {}, (data) => watcher.reading(data.readingAdded), watcher.failed, watcher);
}

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

/** The meter was verified: its next verification date (YYYY-MM-DD, from the certificate). Returns the date in force. */
export async function recordMeterVerification(meterId: string, nextDue: string, certificate: string | null): Promise<{ verificationDue: string | null; verificationCertificate: string | null }> {
  const { verificationDue, verificationCertificate } = (await mutate(RECORD_METER_VERIFICATION_MUTATION, { meterId, nextDue, certificate })).recordMeterVerification;
  return { verificationDue: verificationDue ?? null, verificationCertificate: verificationCertificate ?? null };
}

/** The viewer's own name for a meter; an empty label removes it. Returns the label now in force. */
export async function setMeterLabel(meterId: string, label: string): Promise<string | null> {
  return (await mutate(SET_METER_LABEL_MUTATION, { meterId, label })).setMeterLabel.label;
}

/** A meter's part of the viewer: null means signed out (UNAUTHENTICATED), a null meter that it is not theirs (NOT_FOUND). */
export function meterOf<M>(viewer: { meter: M | null } | null): M {
  if (!viewer) throw new ApiError(t.errors.sessionEnded, 'UNAUTHENTICATED');
  if (!viewer.meter) throw new ApiError(t.meters.page.notFoundText, 'NOT_FOUND');
  return viewer.meter;
}

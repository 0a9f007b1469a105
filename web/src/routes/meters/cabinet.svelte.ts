/**
 * The cabinet's data: the account, its meters with their latest readings, and the live connection that
 * keeps them current. The page renders it; this decides which value is the newest.
 */
import { fetchCabinet, watchReadings } from '$lib/api/meters';
import type { LiveStatus } from '$lib/api/connection';
import type { Account, ControllerHealth, Meter, Reading } from '$lib/api/documents';
import { OpenAlerts } from '$lib/alerts/open.svelte';
import type { ApiError } from '$lib/api/errors';
import { QUANTITY_ORDER } from '$lib/format/quantity';

export interface ShownReading extends Reading {
  /** Arrived over the live connection (rather than with the page): the card highlights it once. */
  live: boolean;
}

export interface MeterCard extends Omit<Meter, 'lastReadings'> {
  readings: ShownReading[];
}

export type CabinetState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'signed-out' }
  /** Signed in by a recovery code: the new password comes first. */
  | { status: 'must-change-password' }
  | { status: 'ready'; account: Account };

/** After the server ends the live subscription with an error, ask again this much later. */
const RESUBSCRIBE_DELAY_MS = 5_000;

const order = (quantity: string) => {
  const i = QUANTITY_ORDER.indexOf(quantity as Reading['quantity']);
  return i === -1 ? QUANTITY_ORDER.length : i;
};

export class Cabinet {
  state = $state<CabinetState>({ status: 'loading' });
  meters = $state<MeterCard[]>([]);
  /** The controllers of the viewer's meters, for their on-the-air status. */
  controllers = $state<ControllerHealth[]>([]);
  live = $state<LiveStatus>('connecting');
  /** Open warnings, kept current by the bell's live connection (they open and end without a reload). */
  readonly alerts = new OpenAlerts();

  /** Readings that came over the socket before the meters were loaded; applied once they are. */
  #early: Reading[] = [];
  #loading: Promise<void> | null = null;
  #again = false;
  #afterLoad: (() => void) | null = null;

  /**
   * Loads the account and meters; a later call (retry, reconnect) keeps any value newer than the fetched one.
   * A call during a load runs one more after it: the running one may have read the database too early.
   */
  load(): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    this.#loading = (async () => {
      do {
        this.#again = false;
        await this.#load();
      } while (this.#again);
    })().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #load(): Promise<void> {
    const quiet = this.state.status === 'ready';
    if (!quiet) this.state = { status: 'loading' };
    try {
      this.alerts.loading();
      const viewer = await fetchCabinet();
      if (!viewer) {
        this.state = { status: 'signed-out' };
        return;
      }
      if (viewer.mustChangePassword) {
        this.state = { status: 'must-change-password' };
        return;
      }
      const previous = new Map(this.meters.map((m) => [m.id, m]));
      this.meters = viewer.meters.map(({ lastReadings, ...meter }) => {
        const shown = previous.get(meter.id);
        const card: MeterCard = { ...meter, readings: shown ? $state.snapshot(shown.readings) : [] };
        // On a refresh, a value that changed while the socket was down is news: highlight it like a live one.
        for (const reading of lastReadings) put(card, reading, quiet);
        return card;
      });
      this.controllers = viewer.controllers;
      this.alerts.set(viewer.alerts.edges.map((e) => e.node));
      this.state = { status: 'ready', account: viewer.account };
      for (const reading of this.#early.splice(0)) this.apply(reading);
      this.#afterLoad?.();
    } catch (error) {
      // A failed background refresh leaves the shown values in place; only a first load shows the error.
      if (!quiet) this.state = { status: 'error', message: (error as ApiError).message };
    }
  }

  /** A live reading: shown if its meter is on the page and it is not older than the value shown. */
  apply(reading: Reading): void {
    if (this.state.status !== 'ready') {
      this.#early.push(reading);
      return;
    }
    const card = this.meters.find((m) => m.id === reading.meterId);
    if (!card) return;
    put(card, reading, true);
    // A reading just stored means its controller has just been heard from.
    const controller = this.controllers.find((c) => c.id === card.controller?.id);
    if (controller && controller.status !== 'REVOKED') controller.lastSeenAt = new Date().toISOString();
  }

  /**
   * Loads the cabinet, then keeps it live; returns the function that stops everything. The socket is opened
   * only once the load has shown a session: a signed-out visitor is sent to sign in without one.
   */
  start(): () => void {
    let stopWatching: (() => void) | null = null;
    let resubscribe: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const watch = () => {
      if (stopped || stopWatching || this.state.status !== 'ready') return;
      stopWatching = watchReadings({
        reading: (reading) => this.apply(reading),
        status: (status) => {
          this.live = status;
        },
        // Readings stored before the subscription was registered (between the page's load and the first
        // connection, or while the socket was down) never arrive live: fetch the latest values once more.
        connected: () => void this.load(),
        failed: (error) => {
          stopWatching?.();
          stopWatching = null;
          if (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN') {
            this.state = { status: 'signed-out' };
            return;
          }
          // The socket itself retries; this is the server ending the subscription with an error.
          this.live = 'reconnecting';
          resubscribe = setTimeout(watch, RESUBSCRIBE_DELAY_MS);
        },
      });
    };
    this.#afterLoad = watch;
    const stopAlerts = this.alerts.follow();
    void this.load();
    return () => {
      stopped = true;
      stopAlerts();
      this.#afterLoad = null;
      clearTimeout(resubscribe);
      stopWatching?.();
    };
  }

  /** A retry after an error: on success the live connection starts as it would have. */
  retry(): Promise<void> {
    return this.load();
  }
}

/** Puts a reading into its card in vocabulary order, unless the card already shows a newer one. */
function put(card: MeterCard, reading: Reading, live: boolean): void {
  const at = Date.parse(reading.time);
  const i = card.readings.findIndex((r) => r.quantity === reading.quantity);
  if (i !== -1) {
    if (Date.parse(card.readings[i].time) > at) return;
    if (card.readings[i].time === reading.time && card.readings[i].value === reading.value) return;
    card.readings[i] = { ...reading, live };
    return;
  }
  const before = card.readings.findIndex((r) => order(r.quantity) > order(reading.quantity));
  card.readings.splice(before === -1 ? card.readings.length : before, 0, { ...reading, live });
}

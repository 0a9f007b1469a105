/**
 * The meter a /meters/[id] page is about, shared by its tabs (overview, readings, quality) through context:
 * loaded once by the layout, reloaded after a change (a new label), and the account's time zone that every
 * date on these pages is written in.
 */
import { getContext, setContext } from 'svelte';
import { fetchMeterPage } from '$lib/api/meters';
import type { Account, MeterDetails } from '$lib/api/documents';
import type { ApiError } from '$lib/api/errors';
import { OpenAlerts } from '$lib/alerts/open.svelte';

export type MeterState =
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'not-found' }
  | { status: 'signed-out' }
  | { status: 'error'; message: string };

/** Reports are in the account's zone; this only stands in until the account is loaded. */
const DEFAULT_ZONE = 'Europe/Moscow';

export class MeterView {
  state = $state<MeterState>({ status: 'loading' });
  meter = $state<MeterDetails | null>(null);
  account = $state<(Account & { timeZone: string }) | null>(null);
  /** The account's open warnings (the page shows this meter's), kept current live while `alerts.follow()` runs. */
  readonly alerts = new OpenAlerts();
  #id = '';

  get id(): string {
    return this.#id;
  }

  get timeZone(): string {
    return this.account?.timeZone ?? DEFAULT_ZONE;
  }

  /** Loads the meter; `quiet` keeps the page as it is while it refreshes (no skeleton, errors kept to the old data). */
  async load(id: string, quiet = false): Promise<void> {
    const changed = id !== this.#id;
    this.#id = id;
    if (changed || !quiet) {
      this.state = { status: 'loading' };
      if (changed) this.meter = null;
    }
    try {
      this.alerts.loading();
      const page = await fetchMeterPage(id);
      if (id !== this.#id) return;
      if (!page) {
        this.state = { status: 'signed-out' };
        return;
      }
      this.account = page.account;
      this.meter = page.meter;
      this.alerts.set(page.alerts.edges.map((e) => e.node));
      this.state = { status: page.meter ? 'ready' : 'not-found' };
    } catch (error) {
      if (id !== this.#id) return;
      const e = error as ApiError;
      if (e.code === 'UNAUTHENTICATED') this.state = { status: 'signed-out' };
      // An id that is not a number is no meter at all.
      else if (e.code === 'BAD_USER_INPUT' || e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN') this.state = { status: 'not-found' };
      else if (!quiet || !this.meter) this.state = { status: 'error', message: e.message };
    }
  }
}

const KEY = Symbol('meter');

export const provideMeter = (view: MeterView) => setContext(KEY, view);
export const useMeter = () => getContext<MeterView>(KEY);

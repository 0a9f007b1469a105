/**
 * The bell: alerts the signed-in customer has not acknowledged, counted by the API (`unreadCount`), recounted when
 * an alert changes over the live connection (from any device: acknowledging on the phone clears the desktop's bell)
 * and after the connection comes back.
 */
import { fetchAlertsUnread, watchAlerts } from '$lib/api/client';
import type { Account } from '$lib/api/documents';

const RECOUNT_DELAY_MS = 250;

class AlertsUnread {
  count = $state(0);
  #accountId: string | null = null;
  #stop: (() => void) | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;
  /** Pages that want every change too (the alerts page); called with the change and the alert. */
  readonly listeners = new Set<(change: string, alert: import('$lib/api/client').Alert) => void>();

  track(account: Account | null): void {
    const id = account && account.role !== 'OPERATOR' ? account.id : null;
    if (id === this.#accountId) return;
    this.#stop?.();
    this.#stop = null;
    clearTimeout(this.#timer);
    this.count = 0;
    this.#accountId = id;
    if (!id) return;
    void this.refresh();
    this.#stop = watchAlerts({
      changed: (change, alert) => {
        for (const l of this.listeners) l(change, alert);
        this.refreshSoon();
      },
      connected: () => this.refreshSoon(),
      failed: () => {
        this.#stop = null;
        this.#accountId = null;
      },
    });
  }

  async refresh(): Promise<void> {
    const account = this.#accountId;
    if (!account) return;
    const asked = ++this.#asked;
    try {
      const count = await fetchAlertsUnread();
      if (count !== null && account === this.#accountId && asked === this.#asked) this.count = count;
    } catch {
      // Offline: the bell keeps its last count until the next change or reconnect.
    }
  }

  refreshSoon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), RECOUNT_DELAY_MS);
  }
}

export const alertsUnread = new AlertsUnread();

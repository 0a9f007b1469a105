/**
 * The bell: warnings the signed-in customer has not read, counted by the API (`unreadCount`), recounted when a
 * warning changes over the live connection (from any device: reading on the phone clears the desktop's bell) and
 * after the connection comes back. Pages that show warnings hear every change through `alertChanges`.
 */
import { fetchAlertsUnread, watchAlerts, type Alert } from '$lib/api/alerts';
import { LiveCount } from '$lib/live-count.svelte';

export const alertChanges = new Set<(change: string, alert: Alert) => void>();

export const alertsUnread = new LiveCount({
  fetch: fetchAlertsUnread,
  watch: (on) =>
    watchAlerts({
      changed: (change, alert) => {
        for (const listener of alertChanges) listener(change, alert);
        on.changed();
      },
      connected: on.connected,
      failed: on.failed,
    }),
  follows: (account) => account.role !== 'OPERATOR',
});

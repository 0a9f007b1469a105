/**
 * The open warnings a page shows beside the meters they concern (the meters list's cards, a meter's page): loaded
 * with the page, then kept current from the bell's live connection — a burst appears on its card and leaves it
 * without a reload.
 */
import type { OpenAlert } from '$lib/api/documents';
import { alertChanges } from './unread.svelte';

export class OpenAlerts {
  list = $state<OpenAlert[]>([]);

  /** What the page loaded. */
  set(list: OpenAlert[]): void {
    this.list = list;
  }

  /** A warning opened, changed or ended. */
  changed(alert: OpenAlert & { resolvedAt: string | null }): void {
    const rest = this.list.filter((a) => a.id !== alert.id);
    this.list = alert.resolvedAt ? rest : [{ id: alert.id, rule: alert.rule, severity: alert.severity, meter: alert.meter && { id: alert.meter.id }, controllerSerial: alert.controllerSerial }, ...rest];
  }

  /** The warnings of a meter: its own, and its modem's but silence (which the page says beside the modem). */
  of(meter: { id: string; controller?: { serial: string } | null }): OpenAlert[] {
    return this.list.filter((a) => a.meter?.id === meter.id || (a.rule !== 'MODEM_SILENT' && a.controllerSerial !== null && a.controllerSerial === meter.controller?.serial));
  }

  /** Follows the live changes until the returned function is called. */
  follow(): () => void {
    const listener = (_change: string, alert: OpenAlert & { resolvedAt: string | null }) => this.changed(alert);
    alertChanges.add(listener);
    return () => alertChanges.delete(listener);
  }
}

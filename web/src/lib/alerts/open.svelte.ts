/**
 * The open warnings a page shows beside the meters they concern (the meters list's cards, a meter's page): loaded
 * with the page, then kept current from the bell's live connection — a burst appears on its card and leaves it
 * without a reload.
 */
import type { OpenAlert } from '$lib/api/documents';
import { alertChanges } from './unread.svelte';

type Change = OpenAlert & { resolvedAt: string | null };

export class OpenAlerts {
  list = $state<OpenAlert[]>([]);
  /** Changes heard since a load's request went out: its answer may be older than them. */
  #heard: Change[] | null = null;

  /** A load's request is going out: what is heard until `set` is applied on top of its answer. */
  loading(): void {
    this.#heard = [];
  }

  /** What the page loaded (with whatever changed while it was on its way). */
  set(list: OpenAlert[]): void {
    const heard = this.#heard ?? [];
    this.#heard = null;
    this.list = list;
    for (const change of heard) this.apply(change);
  }

  /** A warning opened, changed or ended. */
  changed(alert: Change): void {
    this.#heard?.push(alert);
    this.apply(alert);
  }

  private apply(alert: Change): void {
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

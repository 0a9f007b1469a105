/**
 * The operators' warnings list under live changes (Subscription.operatorAlertChanged): newest first by id, one
 * filter (open, resolved or all; one rule or any), a page or more loaded.
 */

interface Listed {
  id: string;
  rule: string;
  resolvedAt?: string | null;
}

export interface Filter {
  /** true: open ones; false: resolved ones; null: all. */
  open: boolean | null;
  /** One rule, or '' for any. */
  rule: string;
}

/** Whether the list the filter shows holds `alert` as it is now. */
export function shows(filter: Filter, alert: Listed): boolean {
  if (filter.rule && alert.rule !== filter.rule) return false;
  return filter.open === null || filter.open === !alert.resolvedAt;
}

/**
 * The list after `alert` changed: where it is listed it takes its new state, or leaves when the filter no longer
 * shows it (resolved while open ones are shown); when the filter now shows it, it comes in at its place by id —
 * unless that place is past the pages loaded (`more` pages left), where «Показать ещё» will bring it. `total`
 * follows what the filter shows.
 */
export function applyChange<T extends Listed>(list: { alerts: T[]; total: number }, alert: T, filter: Filter, more: boolean): { alerts: T[]; total: number } {
  const at = list.alerts.findIndex((a) => a.id === alert.id);
  const wanted = shows(filter, alert);
  if (at >= 0) {
    if (wanted) return { alerts: list.alerts.map((a, i) => (i === at ? alert : a)), total: list.total };
    return { alerts: list.alerts.filter((_, i) => i !== at), total: Math.max(0, list.total - 1) };
  }
  if (!wanted) return list;
  const place = list.alerts.findIndex((a) => Number(a.id) < Number(alert.id));
  if (place < 0 && more) return { alerts: list.alerts, total: list.total + 1 };
  const alerts = [...list.alerts];
  alerts.splice(place < 0 ? alerts.length : place, 0, alert);
  return { alerts, total: list.total + 1 };
}

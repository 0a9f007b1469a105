/** The one-hour promise of a callback request, as the operators' queue shows it. */
import { t } from '$lib/i18n';

/** Under this much time left a request is flagged as due soon. */
export const SOON_MS = 15 * 60_000;

export interface Due {
  /** The promised time has passed. */
  overdue: boolean;
  /** Whole seconds left (rounded up) or overdue (rounded down). */
  seconds: number;
  urgency: 'ok' | 'soon' | 'overdue';
}

export function due(dueAt: string | number | Date, now: number): Due {
  const ms = new Date(dueAt).getTime() - now;
  if (ms <= 0) return { overdue: true, seconds: Math.floor(Math.abs(ms) / 1000), urgency: 'overdue' };
  return { overdue: false, seconds: Math.ceil(ms / 1000), urgency: ms <= SOON_MS ? 'soon' : 'ok' };
}

/** «осталось 42:17» or «просрочено на 3:05». */
export function dueText(d: Due): string {
  return d.overdue ? t.operator.callbacks.overdue(d.seconds) : t.operator.callbacks.left(d.seconds);
}

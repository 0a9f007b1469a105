/**
 * The alerts page's two lists: what is wrong now (every open alert) and the history (resolved ones, newest first,
 * a page at a time). A live change moves an alert between them: resolved leaves «now» for the top of the history,
 * anything else updates it in place or joins «now» at the top.
 */
export interface AlertLike {
  id: string;
  resolvedAt: string | null;
}

export interface AlertLists<A extends AlertLike> {
  open: A[];
  history: A[];
  /** Resolved alerts in all (for «shown n of m»). */
  historyTotal: number;
}

export function applyChange<A extends AlertLike>(lists: AlertLists<A>, alert: A): AlertLists<A> {
  const open = lists.open.filter((a) => a.id !== alert.id);
  const wasInHistory = lists.history.some((a) => a.id === alert.id);
  if (!alert.resolvedAt) {
    const at = lists.open.findIndex((a) => a.id === alert.id);
    if (at >= 0) open.splice(at, 0, alert);
    else open.unshift(alert);
    return { ...lists, open };
  }
  const history = wasInHistory ? lists.history.map((a) => (a.id === alert.id ? alert : a)) : [alert, ...lists.history];
  return { open, history, historyTotal: lists.historyTotal + (wasInHistory ? 0 : 1) };
}

/** The next page of the history appended (an alert that resolved meanwhile and is already shown is not repeated). */
export function appendHistory<A extends AlertLike>(lists: AlertLists<A>, more: A[], total: number): AlertLists<A> {
  const shown = new Set(lists.history.map((a) => a.id));
  return { ...lists, history: [...lists.history, ...more.filter((a) => !shown.has(a.id))], historyTotal: total };
}

/**
 * What history the simulator still owes a data directory, from the marker `history.json` beside demo.json. The
 * marker is written when the history starts and moved down as packs are answered, so a `pnpm start` stopped
 * midway (Ctrl-C in the first minutes, before 365 days are in) carries on where it stopped instead of sending the
 * year again from today. The quarter-hours the stopped run missed since are a gap, as a modem that was off would
 * leave one.
 */
import { localDay } from './model.js';

export interface Interval {
  from: number;
  to: number;
}

/** history.json: times in ISO form, so a person can read it. */
export interface HistoryMarker {
  from: string;
  to: string;
  gaps: Array<{ from: string; to: string }>;
  /**
   * Every sample after this time has been answered (the run that wrote it was sending older ones); this
   * quarter-hour's own may be split over the answered pack and the next.
   */
  sentDownTo?: string;
  /** Set once every pack is answered. A marker without `sentDownTo` is from before resuming: done too. */
  finishedAt?: string;
}

export interface HistoryPlan extends Interval {
  gaps: Interval[];
  /** The history of an earlier run, carried on (not a new year up to now). */
  resumed: boolean;
  /** The whole history's span, for the share done. */
  whole: Interval;
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

/** The history to send now: a year up to `now` the first time, the rest of a stopped run, or null when it is all in. */
export function historyPlan(marker: HistoryMarker | null, now: number, days: number, step = 900): HistoryPlan | null {
  if (marker) {
    if (marker.finishedAt || marker.sentDownTo === undefined) return null;
    const from = seconds(marker.from);
    const whole = { from, to: seconds(marker.to) };
    // The pack that was answered last may have left other meters of its oldest quarter-hour for the next pack:
    // that quarter-hour goes again (the API counts a reading it already has as a duplicate and keeps one).
    const to = seconds(marker.sentDownTo) + step;
    if (!(to > from) || !Number.isFinite(to) || !Number.isFinite(from)) return null;
    return { from, to: Math.min(to, whole.to), gaps: marker.gaps.map((g) => ({ from: seconds(g.from), to: seconds(g.to) })), resumed: true, whole };
  }
  if (days <= 0) return null;
  const to = Math.floor(now / step) * step;
  const from = to - days * 86_400;
  // Six hours without data 40 days back (local 01:00–07:00): a modem outage that reports show as incomplete.
  const outageDay = to - 40 * 86_400;
  const outageStart = outageDay - localDay(outageDay).minute * 60 + 3600;
  const gaps = outageStart > from ? [{ from: outageStart, to: outageStart + 6 * 3600 }] : [];
  return { from, to, gaps, resumed: false, whole: { from, to } };
}

/** The marker for a plan, `sentDownTo` the oldest time answered so far (`to` before the first pack). */
export function historyMarker(plan: HistoryPlan, sentDownTo: number, extra: Record<string, unknown> = {}): HistoryMarker & Record<string, unknown> {
  const iso = (t: number) => new Date(t * 1000).toISOString();
  return {
    from: iso(plan.whole.from),
    to: iso(plan.whole.to),
    gaps: plan.gaps.map((g) => ({ from: iso(g.from), to: iso(g.to) })),
    sentDownTo: iso(sentDownTo),
    ...extra,
  };
}

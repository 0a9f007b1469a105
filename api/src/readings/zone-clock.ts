/**
 * Local calendar arithmetic in an IANA time zone, fast enough for reports over years of hours.
 *
 * luxon (and Intl underneath) is the source of truth for a zone's UTC offset, but one lookup costs ~15 µs and a
 * calendar step ~300 µs: a daily report over a year spent tens of milliseconds in them. Offsets only change at
 * DST transitions, so each UTC year's transitions are found once (weekly samples, then bisection to the minute)
 * and cached; after that a local midnight, weekday, month start or hour of day is arithmetic. A randomised test
 * compares every result with luxon's.
 */
import { IANAZone } from 'luxon';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

interface YearTimeline {
  /** Offset (ms) at the start of the year, then the instants at which it changes and the offset after. */
  initial: number;
  changes: Array<{ at: number; offset: number }>;
}

export class ZoneClock {
  private static readonly clocks = new Map<string, ZoneClock>();
  private readonly zone: IANAZone;
  private readonly years = new Map<number, YearTimeline>();

  private constructor(name: string) {
    this.zone = IANAZone.create(name);
    // An unknown zone's offsets are NaN, and a timeline of NaN transitions never ends: refuse it here instead.
    if (!this.zone.isValid) throw new RangeError(`Unknown time zone: ${name}`);
  }

  static of(name: string): ZoneClock {
    let clock = ZoneClock.clocks.get(name);
    if (!clock) {
      if (ZoneClock.clocks.size > 100) ZoneClock.clocks.clear();
      ZoneClock.clocks.set(name, (clock = new ZoneClock(name)));
    }
    return clock;
  }

  private exact(t: number): number {
    return this.zone.offset(t) * MINUTE;
  }

  private timeline(year: number): YearTimeline {
    let tl = this.years.get(year);
    if (tl) return tl;
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    const initial = this.exact(start);
    const changes: YearTimeline['changes'] = [];
    let prevT = start;
    let prevOff = initial;
    for (let t = Math.min(start + WEEK, end); ; t = Math.min(t + WEEK, end)) {
      const off = this.exact(t);
      if (off !== prevOff) {
        // Bisect to the minute: the transition lies in (prevT, t].
        let lo = prevT;
        let hi = t;
        while (hi - lo > MINUTE) {
          const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
          if (this.exact(mid) === prevOff) lo = mid;
          else hi = mid;
        }
        changes.push({ at: hi, offset: off });
        prevOff = off;
      }
      prevT = t;
      if (t >= end) break;
    }
    tl = { initial, changes };
    this.years.set(year, tl);
    return tl;
  }

  /** UTC offset (ms) in force at instant t. */
  offset(t: number): number {
    const tl = this.timeline(new Date(t).getUTCFullYear());
    let off = tl.initial;
    for (const c of tl.changes) {
      if (t >= c.at) off = c.offset;
      else break;
    }
    return off;
  }

  /** The instant of local wall-clock time `wall` (ms since the epoch as if the zone were UTC); for a time skipped by DST, the first instant after the gap. */
  fromWall(wall: number): number {
    let t = wall - this.offset(wall);
    for (let i = 0; i < 3; i++) {
      const next = wall - this.offset(t);
      if (next === t) return t;
      t = next;
    }
    // In a spring-forward gap the wall time does not exist: take the instant the gap ends.
    return Math.max(wall - this.offset(wall - HOUR), wall - this.offset(wall + HOUR));
  }

  wall(t: number): number {
    return t + this.offset(t);
  }

  hourOfDay(t: number): number {
    return Math.floor((((this.wall(t) % DAY) + DAY) % DAY) / HOUR);
  }

  startOfDay(t: number): number {
    const w = this.wall(t);
    return this.fromWall(w - (((w % DAY) + DAY) % DAY));
  }

  /** Monday 00:00 of t's local week. */
  startOfWeek(t: number): number {
    const w = this.wall(t);
    const days = Math.floor(w / DAY);
    const weekday = (((days + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
    return this.fromWall((days - weekday) * DAY);
  }

  startOfMonth(t: number): number {
    const d = new Date(this.wall(t));
    return this.fromWall(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  }

  /** The local midnight after the one at `midnight` (23, 24 or 25 hours later). */
  nextDay(midnight: number): number {
    const w = this.wall(midnight);
    return this.fromWall(w - (((w % DAY) + DAY) % DAY) + DAY);
  }

  nextMonth(monthStart: number): number {
    const d = new Date(this.wall(monthStart));
    return this.fromWall(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
}

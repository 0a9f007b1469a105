/**
 * The warning rules as pure functions of a meter's readings, so that each has known answers on synthetic series
 * (rules.test.ts). A rule says whether its condition holds now and, if so, the facts its message names; the alert
 * service turns "holds" / "no longer holds" into one alert per episode (alerts.service.ts).
 *
 * Water rules read the volume register (m³) as intervals between consecutive readings: an interval "has flow" when
 * its average rate is at least `minLitresPerHour` — a dripping tap below that never makes a leak. Anchors
 * (../shared/DOMAIN.md, "What the readings are for"): Flume warns after 2 h of continuous flow; utility portals flag
 * "flow in every hour for 24 h".
 */
import { ZoneClock } from '../readings/zone-clock.js';
import { AlertRule } from './alert.entity.js';

export const HOUR_MS = 3_600_000;

/** A customer's thresholds for one meter (alert-settings.entity.ts holds them; these are the defaults). */
export interface WaterThresholds {
  /** An interval with a lower average rate counts as no flow (a drip is not a leak). */
  minLitresPerHour: number;
  /** Continuous flow this long at any time of day is a leak. */
  leakHours: number;
  /** Continuous flow this long inside the night window is a leak. */
  nightLeakHours: number;
  /** Local hours [from, to) of the night window. */
  night: [number, number];
  /** More than this many litres within `burstMinutes` is a burst. */
  burstLitres: number;
  burstMinutes: number;
}

export const WATER_DEFAULTS: WaterThresholds = { minLitresPerHour: 6, leakHours: 24, nightLeakHours: 2, night: [0, 6], burstLitres: 300, burstMinutes: 30 };

/** Average power (W) above which electricity counts as use while away (the fridge and standby stay below it). */
export const BASELOAD_W = 300;

/** The rules a customer can switch off or tune for one meter of `kind` (modem rules belong to the modem). */
export function meterRules(kind: string): AlertRule[] {
  const water = kind !== 'ELECTRICITY';
  return water
    ? [AlertRule.LEAK, AlertRule.BURST, AlertRule.AWAY_USE, AlertRule.ABNORMAL_DAY, AlertRule.VERIFICATION_DUE]
    : [AlertRule.AWAY_USE, AlertRule.VOLTAGE, AlertRule.ABNORMAL_DAY, AlertRule.VERIFICATION_DUE];
}

/** What a customer may set per meter, and the allowed range of each (integers). */
export const SETTING_RANGES = {
  leakHours: { min: 3, max: 72 },
  nightLeakHours: { min: 1, max: 6 },
  minLitresPerHour: { min: 1, max: 60 },
  burstLitres: { min: 50, max: 3000 },
  baseloadW: { min: 50, max: 10_000 },
} as const;
export type SettingName = keyof typeof SETTING_RANGES;

/** Readings of one register, oldest first: [time ms, value]. */
export type Series = Array<readonly [number, number]>;

export interface Flow {
  /** Since when water has flowed in every interval (the start of the current stretch), or null when it does not flow now. */
  since: number | null;
  /** Litres and hours of the current stretch. */
  litres: number;
  hours: number;
}

/** The current stretch of continuous flow ending at the last reading of `volume` (m³). A gap of more than `maxGapMs` between readings breaks it. */
export function currentFlow(volume: Series, t: WaterThresholds, maxGapMs: number): Flow {
  let since: number | null = null;
  let litres = 0;
  for (let i = volume.length - 1; i > 0; i--) {
    const [t1, v1] = volume[i]!;
    const [t0, v0] = volume[i - 1]!;
    const dt = t1 - t0;
    if (dt <= 0 || dt > maxGapMs) break;
    const l = (v1 - v0) * 1000;
    if (l < 0 || (l / dt) * HOUR_MS < t.minLitresPerHour) break;
    since = t0;
    litres += l;
  }
  const last = volume[volume.length - 1]?.[0] ?? 0;
  return { since, litres: Math.round(litres * 10) / 10, hours: since === null ? 0 : (last - since) / HOUR_MS };
}

/**
 * A leak: flow in every interval for `leakHours`, or a stretch of flow that covers `nightLeakHours` of one night
 * window (local time of `zone`). A stretch that began at night stays a leak when the morning comes while water
 * still runs, and a modem's backlog of the night counts as much as readings that came one by one. Null when there
 * is none.
 */
export function leak(volume: Series, t: WaterThresholds, zone: string, maxGapMs: number): Flow | null {
  const flow = currentFlow(volume, t, maxGapMs);
  if (flow.since === null) return null;
  if (flow.hours >= t.leakHours) return flow;
  const last = volume[volume.length - 1]![0];
  return nightHours(flow.since, last, t.night, zone) >= t.nightLeakHours ? flow : null;
}

/**
 * The most hours of [from, to] inside one local night window [night[0], night[1]) of `zone` (a night window that
 * loses or gains an hour to a clock change is that much shorter or longer).
 */
export function nightHours(from: number, to: number, night: [number, number], zone: string): number {
  const clock = ZoneClock.of(zone);
  let best = 0;
  for (let day = clock.startOfDay(from); day <= to; day = clock.startOfDay(day + 26 * HOUR_MS)) {
    const start = clock.fromWall(clock.wall(day) + night[0] * HOUR_MS);
    const end = clock.fromWall(clock.wall(day) + night[1] * HOUR_MS);
    best = Math.max(best, Math.min(end, to) - Math.max(start, from));
  }
  return best / HOUR_MS;
}

/**
 * A burst: more than `burstLitres` in the last `burstMinutes`, while water still runs at a burst's rate (the last
 * interval at least `burstLitres` per `burstMinutes`): once the flow drops — the water was shut off — the episode ends
 * at the next reading, not half an hour later.
 */
export function burst(volume: Series, t: WaterThresholds): { litres: number; minutes: number } | null {
  const last = volume[volume.length - 1];
  const before = volume[volume.length - 2];
  if (!last || !before) return null;
  const windowStart = last[0] - t.burstMinutes * 60_000;
  let first: readonly [number, number] | undefined;
  for (const r of volume) if (r[0] >= windowStart) { first = r; break; }
  if (!first || first === last) return null;
  const litres = Math.round((last[1] - first[1]) * 1000 * 10) / 10;
  const lastRate = ((last[1] - before[1]) * 1000) / ((last[0] - before[0]) / 60_000);
  if (litres <= t.burstLitres || !(lastRate >= t.burstLitres / t.burstMinutes)) return null;
  return { litres, minutes: Math.max(1, Math.round((last[0] - first[0]) / 60_000)) };
}

/**
 * Use while away: water flowing now (the last interval has flow), or electricity whose average power over the last
 * hour of the energy register (Wh) is above `baseloadW`. Only readings inside the away period count.
 */
export function awayUse(kind: 'water' | 'electricity', series: Series, away: { from: number; to: number }, t: { minLitresPerHour: number; baseloadW: number }): { amount: number; unit: 'L' | 'W' } | null {
  const inside = series.filter(([time]) => time >= away.from && time <= away.to);
  if (inside.length < 2) return null;
  const [t1, v1] = inside[inside.length - 1]!;
  if (kind === 'water') {
    const [t0, v0] = inside[inside.length - 2]!;
    const litres = (v1 - v0) * 1000;
    return t1 > t0 && (litres / (t1 - t0)) * HOUR_MS >= t.minLitresPerHour ? { amount: Math.round(litres * 10) / 10, unit: 'L' } : null;
  }
  const hourAgo = inside.find(([time]) => time >= t1 - HOUR_MS)!;
  if (hourAgo[0] >= t1) return null;
  const watts = ((v1 - hourAgo[1]) / (t1 - hourAgo[0])) * HOUR_MS;
  return watts > t.baseloadW ? { amount: Math.round(watts), unit: 'W' } : null;
}

/** Verification (поверка) stage on `today` (YYYY-MM-DD, local): overdue, due within 7 or 30 days, or none. */
export function verificationStage(due: string | null, today: string): { stage: 'OVERDUE' | 'DAYS_7' | 'DAYS_30'; days: number } | null {
  if (!due || !/^\d{4}-\d{2}-\d{2}$/.test(due)) return null;
  const days = Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days < 0) return { stage: 'OVERDUE', days };
  if (days <= 7) return { stage: 'DAYS_7', days };
  if (days <= 30) return { stage: 'DAYS_30', days };
  return null;
}

/** ±10 % of the nominal voltage (ГОСТ 32144: the band a supply must keep); below 5 % is an interruption. */
export const NOMINAL_V = 230;

/**
 * Voltage out of the ±10 % band on a phase for longer than `minMinutes` (every reading of the phase over that
 * stretch outside it, the last one included). Null when every phase is back inside (or was out only briefly).
 */
export function voltageOut(phases: Array<{ phase: number; series: Series }>, minMinutes = 10, nominal = NOMINAL_V): { phase: number; volts: number; since: string; minutes: number; interruption: boolean } | null {
  const low = nominal * 0.9;
  const high = nominal * 1.1;
  for (const { phase, series } of phases) {
    const last = series[series.length - 1];
    if (!last || (last[1] >= low && last[1] <= high)) continue;
    let since = last[0];
    for (let i = series.length - 1; i >= 0 && (series[i]![1] < low || series[i]![1] > high); i--) since = series[i]![0];
    const minutes = (last[0] - since) / 60_000;
    if (minutes >= minMinutes) return { phase, volts: last[1], since: new Date(since).toISOString(), minutes: Math.round(minutes), interruption: last[1] < nominal * 0.05 };
  }
  return null;
}

/**
 * A day far above the meter's own normal: its consumption more than `factor` × the median of the same weekday over
 * the previous 4 weeks (a Monday is compared with Mondays), and more than `minExcess` above it. It learns from the
 * meter's complete days only and starts once 3 of those 4 weekdays are known — three weeks after the first reading.
 * `days` maps a day's start (ms) to its complete consumption (null when the day was not complete).
 */
export function abnormalDay(days: Map<number, number | null>, day: number, o: { factor: number; minExcess: number } = { factor: 2, minExcess: 0 }): { consumption: number; median: number; weeks: number } | null {
  const c = days.get(day);
  if (c === undefined || c === null) return null;
  const past: number[] = [];
  for (let k = 1; k <= 4; k++) {
    // Same weekday k weeks back: 7 days of 24 h ± an hour for a clock change, matched by the nearest start.
    const target = day - k * 7 * 86_400_000;
    for (const [start, v] of days) if (Math.abs(start - target) <= 3_600_000 && v !== null) past.push(v);
  }
  if (past.length < 3) return null;
  const sorted = [...past].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return c > o.factor * median && c - median > o.minExcess ? { consumption: c, median, weeks: past.length } : null;
}

/**
 * Plausible household metering, deterministic in time: every value is a function of the clock, so a register
 * never runs backwards whether the simulator restarted, several of them feed the same meter, or a year of
 * history is generated after the fact (`backfill.ts`) — the history and the live values are one series.
 *
 * - Electricity: ≈ 7.2 kWh a day, morning and evening peaks (later mornings and more daytime load at weekends),
 *   12 % more at weekends, winter ≈ 1.5 × summer; registers per tariff zone (T1 day 07–23, T2 night 23–07).
 * - Water: cold ≈ 150 l and hot ≈ 80 l a day in the same rhythm; hot water is off for ten days in July, as
 *   Russian heat networks do for their yearly maintenance.
 * - The grid: 230 V sagging a few volts under the evening load; a dip below 90 % on roughly every third day,
 *   a swell above 110 % a few times a year, a short interruption two or three times a year; frequency
 *   50 ± 0.05 Hz with an excursion beyond ±0.2 Hz in about one 10-minute interval in a hundred.
 *   Events are placed around quarter-hours, so 15-minute history samples catch them as well as live ones.
 *
 * Times are seconds since the epoch. Local time is Moscow's (UTC+3 all year since 2014).
 */

const MINUTE = 60;
const HOUR = 3600;
const DAY = 24 * HOUR;
const LOCAL_OFFSET_S = 3 * HOUR;
/** Local midnight of Monday 2024-01-01: the registers count from here, starting at the values below. */
const ORIGIN = Date.UTC(2024, 0, 1) / 1000 - LOCAL_OFFSET_S;
const REGISTER_START = { t1: 1_200_000, t2: 800_000 };
export const NOMINAL_VOLTAGE = 230;

/** The local day (0 = 2024-01-01) and the minute within it (fractional). */
export function localDay(t: number): { day: number; minute: number } {
  const day = Math.floor((t - ORIGIN) / DAY);
  return { day, minute: (t - ORIGIN - day * DAY) / MINUTE };
}

const isWeekend = (day: number) => ((day % 7) + 7) % 7 >= 5;
/** Day of the year, 0-based, close enough for seasons. */
const dayOfYear = (day: number) => ((day % 365.2425) + 365.2425) % 365.2425;
const isNightMinute = (minute: number) => minute < 7 * 60 || minute >= 23 * 60;

/** A pseudo-random number in [0, 1) fixed for (n, seed): which days have a dip, which slots an excursion. */
export function unit(n: number, seed: number): number {
  const x = Math.sin(n * 12.9898 + seed * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/** A small deterministic wobble, so that values look measured rather than computed. */
export function jitter(t: number, seed: number, amplitude: number): number {
  return (unit(t, seed) - 0.5) * 2 * amplitude;
}

/** Relative load over a local day (hour 0–24). */
function loadShape(hour: number, weekend: boolean): number {
  const bump = (at: number, width: number, height: number) => height * Math.exp(-((hour - at) ** 2) / width);
  return weekend ? 0.35 + bump(10, 3, 0.9) + bump(14, 8, 0.35) + bump(20, 4, 1.5) : 0.35 + bump(7.75, 2, 1) + bump(20, 4, 1.6);
}

/** A day's profile per minute: the share of the day's total in each minute and the running shares per tariff zone. */
interface Profile {
  share: Float64Array;
  /** Share of the day before minute m that fell in T1 (day) / T2 (night). */
  before1: Float64Array;
  before2: Float64Array;
  night1: number;
  night2: number;
}

function profile(weight: (hour: number) => number): Profile {
  const share = new Float64Array(1440);
  let total = 0;
  for (let m = 0; m < 1440; m++) total += share[m] = weight((m + 0.5) / 60);
  const before1 = new Float64Array(1441);
  const before2 = new Float64Array(1441);
  for (let m = 0; m < 1440; m++) {
    share[m] /= total;
    before1[m + 1] = before1[m] + (isNightMinute(m) ? 0 : share[m]);
    before2[m + 1] = before2[m] + (isNightMinute(m) ? share[m] : 0);
  }
  return { share, before1, before2, night1: before1[1440], night2: before2[1440] };
}

const POWER_PROFILE = { weekday: profile((h) => loadShape(h, false)), weekend: profile((h) => loadShape(h, true)) };
// Water is drawn in sharper bursts than electricity: the same rhythm, squared.
const WATER_PROFILE = { weekday: profile((h) => loadShape(h, false) ** 2), weekend: profile((h) => loadShape(h, true) ** 2) };

/**
 * Sums of daily totals from the origin up to a day, grown on demand: the register at any time is the sum of
 * the whole days before it plus the part of its own day.
 */
class DailySums {
  private readonly sums: number[] = [0];
  constructor(private readonly daily: (day: number) => number) {}
  before(day: number): number {
    if (day <= 0) return 0;
    while (this.sums.length <= day) {
      const d = this.sums.length - 1;
      this.sums.push(this.sums[d] + this.daily(d));
    }
    return this.sums[day];
  }
}

// ——— Electricity ———

/** Energy used on a local day, Wh: 7.2 kWh on an average weekday, more in winter and at weekends. */
export function dailyEnergyWh(day: number): number {
  const season = 1 + 0.22 * Math.cos((2 * Math.PI * (dayOfYear(day) - 20)) / 365.2425);
  return 7200 * season * (isWeekend(day) ? 1.12 : 1);
}

const powerProfile = (day: number) => (isWeekend(day) ? POWER_PROFILE.weekend : POWER_PROFILE.weekday);
const t1Sums = new DailySums((d) => dailyEnergyWh(d) * powerProfile(d).night1);
const t2Sums = new DailySums((d) => dailyEnergyWh(d) * powerProfile(d).night2);

/** Mean active power in the minute containing t, W (without the measurement wobble). */
export function powerAt(t: number): number {
  const { day, minute } = localDay(t);
  // Wh in the minute × 60 = W.
  return dailyEnergyWh(day) * powerProfile(day).share[Math.floor(minute)] * 60;
}

/** Energy registers at time t: cumulative Wh per tariff zone and their total. */
export function energyAt(t: number): { t1: number; t2: number; total: number } {
  const { day, minute } = localDay(t);
  const p = powerProfile(day);
  const wh = dailyEnergyWh(day);
  const m = Math.floor(minute);
  const partial = (minute - m) * p.share[m];
  const t1 = REGISTER_START.t1 + t1Sums.before(day) + wh * (p.before1[m] + (isNightMinute(m) ? 0 : partial));
  const t2 = REGISTER_START.t2 + t2Sums.before(day) + wh * (p.before2[m] + (isNightMinute(m) ? partial : 0));
  return { t1, t2, total: t1 + t2 };
}

// ——— Water ———

export interface WaterKind {
  hot: boolean;
  litresPerDay: number;
  /** The register at the origin, m³. */
  start: number;
}

export const COLD_WATER: WaterKind = { hot: false, litresPerDay: 150, start: 48.2 };
export const HOT_WATER: WaterKind = { hot: true, litresPerDay: 80, start: 21.5 };

/** Hot water is off for maintenance from 10 July for ten days. */
export const hotWaterOff = (day: number) => {
  const doy = dayOfYear(day);
  return doy >= 190 && doy < 200;
};

export function dailyLitres(kind: WaterKind, day: number): number {
  if (kind.hot && hotWaterOff(day)) return 0;
  // Cold water: more in summer (watering, showers); hot water: more in winter.
  const phase = kind.hot ? 20 : 200;
  const season = 1 + 0.12 * Math.cos((2 * Math.PI * (dayOfYear(day) - phase)) / 365.2425);
  return kind.litresPerDay * season * (isWeekend(day) ? 1.1 : 1);
}

const waterProfile = (day: number) => (isWeekend(day) ? WATER_PROFILE.weekend : WATER_PROFILE.weekday);
const waterSums = new Map<WaterKind, DailySums>();

/** The volume register at time t, m³. */
export function volumeAt(t: number, kind: WaterKind): number {
  let sums = waterSums.get(kind);
  if (!sums) waterSums.set(kind, (sums = new DailySums((d) => dailyLitres(kind, d))));
  const { day, minute } = localDay(t);
  const p = waterProfile(day);
  const m = Math.floor(minute);
  const share = p.before1[m] + p.before2[m] + (minute - m) * p.share[m];
  return kind.start + (sums.before(day) + dailyLitres(kind, day) * share) / 1000;
}

export function waterTemperatureAt(t: number, kind: WaterKind): number {
  const { day } = localDay(t);
  if (kind.hot) return (hotWaterOff(day) ? 21 : 58) + jitter(t, 5, 1.5);
  // Cold water follows the ground: about 5 °C in March, 15 °C in August.
  return 10 - 5 * Math.cos((2 * Math.PI * (dayOfYear(day) - 60)) / 365.2425) + jitter(t, 6, 0.8);
}

// ——— The grid ———

export type GridEventKind = 'dip' | 'swell' | 'interruption';

export interface GridEvent {
  kind: GridEventKind;
  /** Affected phases (1-based). */
  phases: number[];
  from: number;
  to: number;
  /** Voltage during the event, V. */
  voltage: number;
}

const QUARTER = 15 * MINUTE;

/** The grid events of a local day: each starts 20 s before a quarter-hour, so the quarter-hour's sample is inside. */
export function gridEventsOn(day: number): GridEvent[] {
  const start = ORIGIN + day * DAY;
  const at = (seed: number) => start + Math.floor(unit(day, seed) * 96) * QUARTER - 20;
  const events: GridEvent[] = [];
  if (unit(day, 1) < 0.35) {
    const all = unit(day, 4) < 0.3;
    const from = at(2);
    events.push({
      kind: 'dip',
      phases: all ? [1, 2, 3] : [1 + Math.floor(unit(day, 3) * 3)],
      from,
      to: from + 90 + Math.floor(unit(day, 8) * 120),
      voltage: Math.round(NOMINAL_VOLTAGE * (0.72 + unit(day, 9) * 0.15)),
    });
  }
  if (unit(day, 5) < 0.03) {
    const from = at(10);
    events.push({ kind: 'swell', phases: [1 + Math.floor(unit(day, 11) * 3)], from, to: from + 60, voltage: Math.round(NOMINAL_VOLTAGE * (1.12 + unit(day, 12) * 0.04)) });
  }
  if (unit(day, 6) < 0.008) {
    const from = at(13);
    events.push({ kind: 'interruption', phases: [1, 2, 3], from, to: from + 180, voltage: Math.round(unit(day, 14) * 5) });
  }
  return events;
}

/** RMS voltage of a phase at t, V. */
export function voltageAt(t: number, phase: number): number {
  const { day } = localDay(t);
  for (const e of gridEventsOn(day)) {
    // Never below 0 V: an interruption reads a few volts at most, and a meter reports no negative RMS.
    if (t >= e.from && t < e.to && e.phases.includes(phase)) return Math.max(0, e.voltage + jitter(t, 20 + phase, 1));
  }
  // A few volts lower when the whole street cooks dinner.
  const sag = 4 * (powerAt(t) / 900);
  return NOMINAL_VOLTAGE + 2 - sag + jitter(t, 10 + phase, 3);
}

/** Grid frequency at t, Hz: a 10-minute interval in a hundred strays beyond ±0.2 Hz (never beyond ±0.4 Hz). */
export function frequencyAt(t: number): number {
  const slot = Math.floor((t - ORIGIN) / 600);
  const excursion = unit(slot, 7) < 0.012 ? (unit(slot, 15) < 0.5 ? -1 : 1) * (0.22 + unit(slot, 16) * 0.1) : 0;
  return 50 + excursion + jitter(t, 2, 0.05);
}

/**
 * Plausible household consumption, deterministic in time: a register computed from the clock never runs
 * backwards, whether the simulator restarted or several of them feed the same meter.
 */

const HOUR = 3600;
const DAY = 24 * HOUR;
/** Registers count from here (2025-01-01 UTC), starting at the values below. */
const ORIGIN = Date.UTC(2025, 0, 1) / 1000;

/** Relative load over the day in local hours (Moscow, UTC+3): low at night, peaks in the morning and evening. */
function loadShape(hourOfDay: number): number {
  const morning = Math.exp(-((hourOfDay - 8) ** 2) / 2);
  const evening = 1.6 * Math.exp(-((hourOfDay - 20) ** 2) / 4);
  return 0.35 + morning + evening;
}

const MOSCOW_OFFSET_H = 3;
const localHour = (t: number) => (((t / HOUR + MOSCOW_OFFSET_H) % 24) + 24) % 24;
const isNight = (t: number) => {
  const h = localHour(t);
  return h >= 23 || h < 7;
};

/** Average power of the flat in W (≈ 7.2 kWh a day). */
const AVG_POWER_W = 300;
const SHAPE_MEAN = (() => {
  let s = 0;
  for (let m = 0; m < 1440; m++) s += loadShape(m / 60);
  return s / 1440;
})();

export function powerAt(t: number): number {
  return (AVG_POWER_W * loadShape(localHour(t))) / SHAPE_MEAN;
}

/** Wh consumed in [0, 24 h) of a local day, split into day (T1) and night (T2). */
const DAILY = (() => {
  let t1 = 0;
  let t2 = 0;
  for (let m = 0; m < 1440; m++) {
    const t = m * 60 - MOSCOW_OFFSET_H * HOUR; // local minute m of a day, as UTC seconds of that day
    const wh = (powerAt(t) * 60) / HOUR;
    if (isNight(t)) t2 += wh;
    else t1 += wh;
  }
  return { t1, t2 };
})();

/** Energy registers at time t (seconds): cumulative Wh per zone, integrated minute by minute within the day. */
export function energyAt(t: number): { t1: number; t2: number; total: number } {
  const elapsed = t - ORIGIN;
  const days = Math.floor(elapsed / DAY);
  let t1 = 1_200_000 + days * DAILY.t1;
  let t2 = 800_000 + days * DAILY.t2;
  const dayStart = ORIGIN + days * DAY;
  for (let s = dayStart; s < t; s += 60) {
    const wh = (powerAt(s) * Math.min(60, t - s)) / HOUR;
    if (isNight(s)) t2 += wh;
    else t1 += wh;
  }
  return { t1, t2, total: t1 + t2 };
}

/** Water registers in m³: cold ≈ 150 l a day, hot ≈ 80 l, drawn in the morning and evening. */
export function volumeAt(t: number, litresPerDay: number, start: number): number {
  const elapsed = t - ORIGIN;
  const days = Math.floor(elapsed / DAY);
  let litres = days * litresPerDay;
  const dayStart = ORIGIN + days * DAY;
  let shapeTotal = 0;
  let shapeSoFar = 0;
  for (let s = dayStart; s < dayStart + DAY; s += 300) {
    const w = loadShape(localHour(s)) ** 2;
    shapeTotal += w;
    if (s < t) shapeSoFar += w * Math.min(1, (t - s) / 300);
  }
  litres += (litresPerDay * shapeSoFar) / shapeTotal;
  return start + litres / 1000;
}

/** A small deterministic wobble, so that values look measured rather than computed. */
export function jitter(t: number, seed: number, amplitude: number): number {
  const x = Math.sin(t * 12.9898 + seed * 78.233) * 43758.5453;
  return (x - Math.floor(x) - 0.5) * 2 * amplitude;
}

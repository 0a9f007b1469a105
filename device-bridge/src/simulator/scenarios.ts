/**
 * `pnpm simulate --scenario <name>`: trouble played on top of the demo's normal consumption, so a newcomer sees a
 * warning open and resolve (api/docs/alerts.md). Water added by a scenario stays on the register for the rest of the
 * run (a register never runs backwards); the next run without the scenario starts from the model's values again,
 * which the reports show as a register reset.
 *   burst  400 litres through the cold-water meter within 30 seconds, 10 seconds after the start, then normal use:
 *          the BURST warning opens within seconds (cabinet, email, SMS) and resolves at the next reading after it.
 *   leak   a running toilet, 120 litres an hour through the cold-water meter. On a run that also sends the history
 *          (a fresh data directory: `SCENARIO=leak DATA_DIR=… pnpm start`), it has been running since the night
 *          before — the history carries it, as a modem's backlog would — so the LEAK warning (2 hours of a night)
 *          opens as soon as the newest history arrives, and the toilet is fixed 60 seconds after the start, which
 *          resolves it at the next reading. Without the history it starts now and runs for as long as the simulator
 *          does: the warning opens after 2 hours of it between 00:00 and 06:00, or after 24 hours.
 *   voltage  a sag to 195 V on phase 1 of the electricity meter (below the 207 V of the ±10 % band). With the history
 *          it began 35 minutes before the start (the history carries it), so VOLTAGE (more than 10 minutes out of
 *          the band) opens at once, and the voltage comes back 60 seconds after the start, which resolves it.
 *          Without the history it lasts 15 minutes from the start: the warning opens after 10 and resolves at 15.
 */
import { localDay } from './model.js';

export const SCENARIOS = ['burst', 'leak', 'voltage'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** m³ an hour: a badly running toilet (a few cubic metres a day); at least 0.1 L in every 5-second live interval. */
export const LEAK_RATE_M3_PER_H = 0.12;
/** Seconds after the start when the backdated leak stops (and the backdated sag ends). */
export const LEAK_FIXED_AFTER_S = 60;
/** The sag's voltage on phase 1. */
export const SAG_VOLTS = 195;

/**
 * When the backdated leak began, for a scenario started at `start` (seconds): the last local midnight at least 2½
 * hours back, so that the night window (00:00–06:00) holds more than the rule's 2 hours of it.
 */
export function leakStart(start: number): number {
  const midnight = start - localDay(start).minute * 60;
  return start - midnight >= 2.5 * 3600 ? midnight : midnight - 86_400;
}

/**
 * Cubic metres the scenario adds to the cold-water register at time t (seconds), for a scenario started at `start`;
 * `backdated`: this run also sends the history, which then carries the leak's past (see above). Zero for scenarios
 * that do not touch the water.
 */
export function extraVolume(scenario: Scenario, start: number, backdated = false): (t: number) => number {
  switch (scenario) {
    case 'burst': {
      const from = start + 10;
      return (t) => 0.4 * Math.min(1, Math.max(0, (t - from) / 30));
    }
    case 'leak': {
      const from = backdated ? leakStart(start) : start;
      const fixed = backdated ? start + LEAK_FIXED_AFTER_S : Infinity;
      return (t) => (Math.max(0, Math.min(t, fixed) - from) / 3600) * LEAK_RATE_M3_PER_H;
    }
    case 'voltage':
      return () => 0;
  }
}

/** When the voltage scenario's sag lasts: [from, to) in seconds. */
export function sagWindow(start: number, backdated: boolean): [number, number] {
  return backdated ? [start - 35 * 60, start + LEAK_FIXED_AFTER_S] : [start, start + 15 * 60];
}

/** A meter's samples at t as the scenario changes them. */
export type Adjust = <S extends { n: string; v: number }>(samples: S[], t: number) => S[];

/**
 * What the scenario does to each demo meter's samples, by serial (meters it leaves alone are not in it): extra water
 * on the cold-water register (rounded as the modem reports: 0.1 L), or the sag on phase 1 of the electricity meter.
 */
export function scenarioAdjustments(scenario: Scenario, start: number, backdated: boolean, meters: Array<{ serial: string; kind: string }>): Record<string, Adjust> {
  const out: Record<string, Adjust> = {};
  const coldWater = meters.find((m) => m.kind === 'COLD_WATER');
  const electricity = meters.find((m) => m.kind === 'ELECTRICITY');
  if (scenario === 'voltage') {
    const [from, to] = sagWindow(start, backdated);
    if (electricity) out[electricity.serial] = (samples, t) => (t >= from && t < to ? samples.map((x) => (x.n === 'voltage_l1' ? { ...x, v: SAG_VOLTS } : x)) : samples);
  } else if (coldWater) {
    const extra = extraVolume(scenario, start, backdated);
    out[coldWater.serial] = (samples, t) => withExtra(samples, extra, t);
  }
  return out;
}

/** `samples` of a meter at t with a scenario's extra volume on its register (rounded as the modem reports: 0.1 L). */
export function withExtra<S extends { n: string; v: number }>(samples: S[], extra: ((t: number) => number) | undefined, t: number): S[] {
  return extra ? samples.map((x) => (x.n === 'volume' ? { ...x, v: Math.round((x.v + extra(t)) * 10_000) / 10_000 } : x)) : samples;
}


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
 */
import { localDay } from './model.js';

export const SCENARIOS = ['burst', 'leak'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** m³ an hour: a badly running toilet (a few cubic metres a day); at least 0.1 L in every 5-second live interval. */
export const LEAK_RATE_M3_PER_H = 0.12;
/** Seconds after the start when the backdated leak stops. */
export const LEAK_FIXED_AFTER_S = 60;

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
 * `backdated`: this run also sends the history, which then carries the leak's past (see above).
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
  }
}

/** `samples` of a meter at t with a scenario's extra volume on its register (rounded as the modem reports: 0.1 L). */
export function withExtra<S extends { n: string; v: number }>(samples: S[], extra: ((t: number) => number) | undefined, t: number): S[] {
  return extra ? samples.map((x) => (x.n === 'volume' ? { ...x, v: Math.round((x.v + extra(t)) * 10_000) / 10_000 } : x)) : samples;
}

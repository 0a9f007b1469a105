/**
 * `pnpm simulate --scenario <name>`: trouble played on top of the demo's normal consumption, so a newcomer sees a
 * warning open and resolve (api/docs/alerts.md). Water added by a scenario stays on the register for the rest of the
 * run (a register never runs backwards); the next run without the scenario starts from the model's values again,
 * which the reports show as a register reset.
 *   burst  400 litres through the cold-water meter within 30 seconds, 10 seconds after the start, then normal use:
 *          the BURST warning opens within seconds (cabinet, email, SMS) and resolves at the next reading after it.
 *   leak   a running toilet: 30 litres an hour through the cold-water meter for as long as the simulator runs; the
 *          LEAK warning opens after 2 hours of it between 00:00 and 06:00, or after 24 hours at any time.
 */
export const SCENARIOS = ['burst', 'leak'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Cubic metres the scenario adds to the cold-water register at time t (seconds), for a scenario started at `start`. */
export function extraVolume(scenario: Scenario, start: number): (t: number) => number {
  switch (scenario) {
    case 'burst': {
      const from = start + 10;
      return (t) => 0.4 * Math.min(1, Math.max(0, (t - from) / 30));
    }
    case 'leak':
      return (t) => (Math.max(0, t - start) / 3600) * 0.03;
  }
}

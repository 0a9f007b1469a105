/**
 * When a modem sends its periodic readings (PROTOCOL.md, "When to send: interval and phase"): at the UTC
 * moments t where (t − phase) mod interval = 0, the interval and phase as /config says.
 */

/** What /config says about the schedule, seconds. */
export interface ReportSchedule {
  interval: number;
  phase: number;
}

/** The first moment on the schedule strictly after `nowMs` (epoch ms), in epoch ms: at most one interval ahead. */
export function nextReportAt(nowMs: number, { interval, phase }: ReportSchedule): number {
  const intervalMs = interval * 1000;
  const since = (((nowMs - phase * 1000) % intervalMs) + intervalMs) % intervalMs; // how far past the last send time
  return nowMs + intervalMs - since;
}

/**
 * The demo's live packs come every few seconds instead of every quarter hour: a time-lapse of the configured
 * schedule. The phase keeps its place inside the interval (417 s of 900 is 2.317 s of 5), so simulated
 * controllers spread over the short interval as their real schedules do over the long one.
 */
export function timeLapse(configured: ReportSchedule, intervalS: number): ReportSchedule {
  return { interval: intervalS, phase: (configured.phase / configured.interval) * intervalS };
}

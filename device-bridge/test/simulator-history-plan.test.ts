import { describe, expect, it } from 'vitest';
import { historyMarker, historyPlan } from '../src/simulator/history-plan.js';

const NOW = Date.UTC(2026, 11, 6, 21, 7, 30) / 1000;
const QUARTER = 900;

describe('the history the simulator still owes a data directory', () => {
  it('is a year up to the last quarter-hour the first time, with the outage 40 days back', () => {
    const plan = historyPlan(null, NOW, 365)!;
    expect(plan.to).toBe(Date.UTC(2026, 11, 6, 21, 0) / 1000);
    expect(plan.from).toBe(plan.to - 365 * 86_400);
    expect(plan.resumed).toBe(false);
    expect(plan.gaps).toHaveLength(1);
    expect(plan.gaps[0].to - plan.gaps[0].from).toBe(6 * 3600);
    expect(historyPlan(null, NOW, 0)).toBeNull();
  });

  it('carries a stopped run on below what was answered, the boundary quarter-hour again, the same gaps', () => {
    const first = historyPlan(null, NOW, 365)!;
    const stoppedAt = first.to - 30 * 86_400;
    const marker = JSON.parse(JSON.stringify(historyMarker(first, stoppedAt)));
    // A day later: the plan does not move up to the new now (that day is the stopped modem's gap).
    const again = historyPlan(marker, NOW + 86_400, 365)!;
    expect(again).toEqual({ from: first.from, to: stoppedAt + QUARTER, gaps: first.gaps, resumed: true, whole: { from: first.from, to: first.to } });
  });

  it('is nothing once finished, for a marker from before resuming, or when the stopped run had reached the start', () => {
    const first = historyPlan(null, NOW, 365)!;
    expect(historyPlan({ ...historyMarker(first, first.from), finishedAt: new Date().toISOString() }, NOW, 365)).toBeNull();
    expect(historyPlan({ from: '2025-12-06T21:00:00.000Z', to: '2026-12-06T21:00:00.000Z', gaps: [], finishedAt: '2026-12-06T21:08:00.000Z' }, NOW, 365)).toBeNull();
    expect(historyPlan({ from: '2025-12-06T21:00:00.000Z', to: '2026-12-06T21:00:00.000Z', gaps: [] }, NOW, 365)).toBeNull();
    expect(historyPlan(historyMarker(first, first.from - QUARTER), NOW, 365)).toBeNull();
  });
});

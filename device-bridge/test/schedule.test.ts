import { describe, expect, it } from 'vitest';
import { nextReportAt, timeLapse } from '../src/simulator/schedule.js';

const at = (iso: string) => Date.parse(iso);

describe('the send schedule of a modem (PROTOCOL.md: interval and phase)', () => {
  it('sends phase seconds after each interval boundary, in UTC', () => {
    const schedule = { interval: 900, phase: 417 };
    expect(new Date(nextReportAt(at('2026-12-05T00:00:00Z'), schedule)).toISOString()).toBe('2026-12-05T00:06:57.000Z');
    expect(new Date(nextReportAt(at('2026-12-05T00:06:56.999Z'), schedule)).toISOString()).toBe('2026-12-05T00:06:57.000Z');
    // Strictly after: once sent at 00:06:57, the next is an interval later.
    expect(new Date(nextReportAt(at('2026-12-05T00:06:57Z'), schedule)).toISOString()).toBe('2026-12-05T00:21:57.000Z');
    expect(new Date(nextReportAt(at('2026-12-05T00:20:00Z'), schedule)).toISOString()).toBe('2026-12-05T00:21:57.000Z');
  });

  it('is always on (t − phase) mod interval = 0, after now and at most one interval ahead', () => {
    for (const [interval, phase] of [[60, 0], [60, 59], [900, 417], [3600, 1234], [86_400, 86_399]]) {
      for (let i = 0; i < 200; i++) {
        const now = at('2026-12-05T12:00:00Z') + Math.floor(i * 7919.3 * interval);
        const next = nextReportAt(now, { interval, phase });
        expect(next).toBeGreaterThan(now);
        expect(next - now).toBeLessThanOrEqual(interval * 1000);
        expect((((next / 1000 - phase) % interval) + interval) % interval).toBeCloseTo(0, 6);
      }
    }
  });

  it('follows a new interval and phase from the next send', () => {
    const sent = at('2026-12-05T00:06:57Z');
    expect(new Date(nextReportAt(sent, { interval: 600, phase: 30 })).toISOString()).toBe('2026-12-05T00:10:30.000Z');
  });

  it('keeps the phase’s place inside the interval when the demo runs the schedule faster', () => {
    expect(timeLapse({ interval: 900, phase: 450 }, 5)).toEqual({ interval: 5, phase: 2.5 });
    expect(timeLapse({ interval: 900, phase: 0 }, 5)).toEqual({ interval: 5, phase: 0 });
    expect(timeLapse({ interval: 900, phase: 899 }, 5).phase).toBeLessThan(5);
    const next = nextReportAt(at('2026-12-05T00:00:00Z'), timeLapse({ interval: 900, phase: 450 }, 5));
    expect(new Date(next).toISOString()).toBe('2026-12-05T00:00:02.500Z');
  });
});

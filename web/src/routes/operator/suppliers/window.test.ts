import { describe, expect, it } from 'vitest';
import { windowOpen } from './window';

const supplier = { windowFirstDay: 15, windowLastDay: 31, cutoffTime: '12:00', timeZone: 'Europe/Moscow' };

describe('a supplier’s window', () => {
  it('opens at 00:00 of the first day in the supplier’s zone', () => {
    expect(windowOpen(supplier, new Date('2026-03-14T20:59:00Z'))).toBe(false); // 23:59 on the 14th in Moscow
    expect(windowOpen(supplier, new Date('2026-03-14T21:00:00Z'))).toBe(true);
  });
  it('closes at the cut-off time of the month’s last day when the month is shorter', () => {
    expect(windowOpen(supplier, new Date('2026-02-28T08:59:00Z'))).toBe(true);
    expect(windowOpen(supplier, new Date('2026-02-28T09:00:00Z'))).toBe(false);
  });
  it('counts days in the supplier’s zone, not the browser’s', () => {
    const vladivostok = { ...supplier, windowFirstDay: 1, windowLastDay: 5, timeZone: 'Asia/Vladivostok' };
    // 5 March 01:00 UTC is 11:00 in Vladivostok: open until noon there.
    expect(windowOpen(vladivostok, new Date('2026-03-05T01:00:00Z'))).toBe(true);
    expect(windowOpen(vladivostok, new Date('2026-03-05T02:00:00Z'))).toBe(false);
  });
});

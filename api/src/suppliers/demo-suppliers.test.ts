/**
 * The demo энергосбыт's window is open when the demo is seeded and through the hour or two a visitor (or a CI run's
 * end-to-end tests) spends with it — on a month's last evening too, where a today-based window used to close at the
 * cut-off and stay closed until the 28th of the next month.
 */
import { describe, expect, it } from 'vitest';
import { windowOpenAt, windowOf, periodAt } from '../submissions/window.js';
import { demoEnergyWindow } from './demo-suppliers.js';

const HOUR = 3_600_000;
/** Moscow is UTC+3 all year. */
const moscow = (iso: string) => new Date(`${iso}+03:00`);

describe('the demo энергосбыт’s window', () => {
  it.each([
    ['mid-month', '2026-12-06T12:00:00'],
    ['the 28th', '2026-12-28T09:00:00'],
    ['the 30th of a 31-day month', '2026-12-30T23:30:00'],
    ['a month’s last day, morning', '2026-11-30T10:00:00'],
    ['a month’s last evening', '2026-12-31T22:00:00'],
    ['the last day of February', '2027-02-28T23:00:00'],
  ])('is open when seeded on %s and for the next two hours, across midnight too', (_, seededAt) => {
    const now = moscow(seededAt);
    const rules = demoEnergyWindow(now);
    for (const later of [0, 0.5, 1, 1.5, 2]) expect(windowOpenAt(new Date(now.getTime() + later * HOUR), rules), `${later} h after`).not.toBeNull();
  });

  it('submits tonight when seeded before the 28th, and closes at the month’s last minute', () => {
    const now = moscow('2026-12-06T12:00:00');
    const rules = demoEnergyWindow(now);
    const w = windowOf(periodAt(now, rules), rules);
    expect(w.submitAt.toISOString()).toBe('2026-12-06T20:59:00.000Z');
    expect(w.closesAt.toISOString()).toBe('2026-12-31T20:59:00.000Z');
    expect(windowOpenAt(moscow('2026-12-31T23:59:30'), rules)).toBeNull();
  });
});

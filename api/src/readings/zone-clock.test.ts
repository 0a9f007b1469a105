/** The zone clock reports, tariffs and warnings count days and months by. */
import { describe, expect, it } from 'vitest';
import { ZoneClock } from './zone-clock.js';

describe('ZoneClock', () => {
  it('counts a local day across a zone’s offset', () => {
    const moscow = ZoneClock.of('Europe/Moscow');
    expect(new Date(moscow.startOfDay(Date.UTC(2026, 11, 7, 22, 30))).toISOString()).toBe('2026-12-07T21:00:00.000Z');
    expect(moscow.hourOfDay(Date.UTC(2026, 11, 7, 22, 30))).toBe(1);
  });

  it('refuses a zone the time-zone database does not know, at once and in words', () => {
    // Before: the clock was made, its offsets were NaN, and the first day asked of it built a timeline that never ended.
    expect(() => ZoneClock.of('Mars/Olympus_Mons')).toThrow(new RangeError('Unknown time zone: Mars/Olympus_Mons'));
  });
});

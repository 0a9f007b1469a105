import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZoneClock } from '../../src/readings/zone-clock.js';

// Zones with DST (north and south), without, with half-hour and quarter-hour offsets, and one that changed its rules.
const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu', 'Europe/Samara', 'UTC'];

describe('local calendar arithmetic agrees with luxon', () => {
  // A fixed pseudo-random sequence: the same cases every run, spread over 2010–2035.
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const instants = Array.from({ length: 400 }, () => Date.UTC(2010, 0, 1) + Math.floor(random() * 25 * 365.25 * 86_400_000));
  // …and the hours around this decade's transitions, where mistakes hide.
  for (const y of [2025, 2026]) for (const [m, d] of [[3, 29], [3, 30], [10, 25], [10, 26], [3, 8], [11, 1], [4, 5], [10, 4]]) for (let h = -3; h <= 27; h++) instants.push(Date.UTC(y, m - 1, d, h, 17));

  it.each(ZONES)('%s', (zone) => {
    const clock = ZoneClock.of(zone);
    for (const t of instants) {
      const dt = DateTime.fromMillis(t, { zone });
      expect(clock.offset(t), `offset at ${new Date(t).toISOString()}`).toBe(dt.offset * 60_000);
      expect(clock.hourOfDay(t), `hour at ${new Date(t).toISOString()}`).toBe(dt.hour);
      expect(clock.startOfDay(t), `day of ${new Date(t).toISOString()}`).toBe(dt.startOf('day').toMillis());
      expect(clock.startOfWeek(t), `week of ${new Date(t).toISOString()}`).toBe(dt.startOf('week').toMillis());
      expect(clock.startOfMonth(t), `month of ${new Date(t).toISOString()}`).toBe(dt.startOf('month').toMillis());
      const day = dt.startOf('day');
      expect(clock.nextDay(day.toMillis()), `day after ${day.toISO()}`).toBe(day.plus({ days: 1 }).toMillis());
      const month = dt.startOf('month');
      expect(clock.nextMonth(month.toMillis()), `month after ${month.toISO()}`).toBe(month.plus({ months: 1 }).toMillis());
    }
  });
});

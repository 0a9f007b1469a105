import { describe, expect, it } from 'vitest';
import {
  addDays,
  customPeriod,
  periodFromParams,
  periodOf,
  periodParams,
  previousPeriod,
  lastYearPeriod,
  resolutionFor,
  resolutionsFor,
  shiftPeriod,
  todayIn,
} from './period';
import { instantOf, localDate, localDateTime, offsetAt, parseIsoDate, parseLocalDateTime, wallClock } from './zoned';

const MSK = 'Europe/Moscow';
const BERLIN = 'Europe/Berlin';
const iso = (ms: number) => new Date(ms).toISOString();

describe('wall clocks in a time zone', () => {
  it('finds Moscow midnight three hours before UTC midnight', () => {
    expect(iso(instantOf(MSK, 2026, 11, 24))).toBe('2026-11-23T21:00:00.000Z');
    expect(wallClock(Date.parse('2026-11-23T21:00:00Z'), MSK)).toMatchObject({ year: 2026, month: 11, day: 24, hour: 0, weekday: 2 });
  });

  it('follows Berlin across daylight saving time', () => {
    expect(offsetAt(Date.parse('2026-01-15T12:00:00Z'), BERLIN)).toBe(3_600_000);
    expect(offsetAt(Date.parse('2026-07-15T12:00:00Z'), BERLIN)).toBe(7_200_000);
    expect(iso(instantOf(BERLIN, 2026, 3, 29))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(instantOf(BERLIN, 2026, 3, 30))).toBe('2026-03-29T22:00:00.000Z');
    // 02:30 does not exist on the spring-forward night: it moves on to 03:30 summer time.
    expect(iso(instantOf(BERLIN, 2026, 3, 29, 2, 30))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('lets days and months overflow into the next month and year', () => {
    expect(iso(instantOf(MSK, 2026, 13, 1))).toBe('2026-12-31T21:00:00.000Z');
    expect(iso(instantOf(MSK, 2026, 2, 29))).toBe(iso(instantOf(MSK, 2026, 3, 1)));
  });

  it('reads and checks ISO dates', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('24.11.2026')).toBeNull();
    expect(localDate(Date.parse('2026-11-23T21:30:00Z'), MSK)).toBe('2026-11-24');
    expect(todayIn(MSK, Date.parse('2026-11-23T20:59:59Z'))).toBe('2026-11-23');
  });
});

describe('date-time inputs on a zone’s clock', () => {
  it('writes and reads «YYYY-MM-DDTHH:MM» on the zone’s wall clock, whatever the browser’s', () => {
    const tenInYekaterinburg = Date.UTC(2030, 0, 10, 5, 0);
    expect(localDateTime(tenInYekaterinburg, 'Asia/Yekaterinburg')).toBe('2030-01-10T10:00');
    expect(parseLocalDateTime('2030-01-10T10:00', 'Asia/Yekaterinburg')).toBe(tenInYekaterinburg);
    expect(parseLocalDateTime('2030-02-30T10:00', 'Asia/Yekaterinburg')).toBeNull();
    expect(parseLocalDateTime('', 'Asia/Yekaterinburg')).toBeNull();
  });
});

describe('periods', () => {
  it('takes a local day', () => {
    const p = periodOf('day', '2026-11-24', MSK);
    expect([iso(p.from), iso(p.to)]).toEqual(['2026-11-23T21:00:00.000Z', '2026-11-24T21:00:00.000Z']);
  });

  it('starts weeks on Monday, whatever day the anchor is', () => {
    for (const anchor of ['2026-11-23', '2026-11-26', '2026-11-29']) {
      const p = periodOf('week', anchor, MSK);
      expect([p.start, p.end]).toEqual(['2026-11-23', '2026-11-29']);
    }
  });

  it('gives a DST week in Berlin its 167 hours', () => {
    const p = periodOf('week', '2026-03-25', BERLIN);
    expect((p.to - p.from) / 3_600_000).toBe(167);
  });

  it('takes whole months and years', () => {
    const feb = periodOf('month', '2024-02-10', MSK);
    expect([feb.start, feb.end]).toEqual(['2024-02-01', '2024-02-29']);
    const dec = periodOf('month', '2026-12-31', MSK);
    expect([dec.start, dec.end, iso(dec.to)]).toEqual(['2026-12-01', '2026-12-31', '2026-12-31T21:00:00.000Z']);
    const year = periodOf('year', '2026-06-01', MSK);
    expect([year.start, year.end]).toEqual(['2026-01-01', '2026-12-31']);
  });

  it('compares a period with the one just before it', () => {
    expect(previousPeriod(periodOf('day', '2026-03-01', MSK), MSK).start).toBe('2026-02-28');
    expect(previousPeriod(periodOf('week', '2026-01-01', MSK), MSK).start).toBe('2025-12-22');
    const march = previousPeriod(periodOf('month', '2026-03-31', MSK), MSK);
    expect([march.start, march.end]).toEqual(['2026-02-01', '2026-02-28']);
    expect(previousPeriod(periodOf('month', '2026-01-15', MSK), MSK).start).toBe('2025-12-01');
    expect(previousPeriod(periodOf('year', '2026-01-15', MSK), MSK).start).toBe('2025-01-01');
  });

  it('compares a period with the same period a year earlier', () => {
    const day = lastYearPeriod(periodOf('day', '2028-02-29', MSK), MSK);
    expect([day.start, day.end]).toEqual(['2027-02-28', '2027-02-28']);
    // The week 52 weeks earlier: Monday 2025-12-01 → Monday 2024-12-02.
    const week = lastYearPeriod(periodOf('week', '2025-12-03', MSK), MSK);
    expect([week.start, week.end]).toEqual(['2024-12-02', '2024-12-08']);
    const month = lastYearPeriod(periodOf('month', '2026-12-04', MSK), MSK);
    expect([month.start, month.end, month.kind]).toEqual(['2025-12-01', '2025-12-31', 'month']);
    expect(lastYearPeriod(periodOf('year', '2026-06-01', MSK), MSK).start).toBe('2025-01-01');
    const custom = lastYearPeriod(customPeriod('2026-11-10', '2026-11-19', MSK), MSK);
    expect([custom.start, custom.end, custom.kind]).toEqual(['2025-11-10', '2025-11-19', 'custom']);
  });

  it('moves a custom period by its own length', () => {
    const p = customPeriod('2026-11-10', '2026-11-19', MSK);
    const before = previousPeriod(p, MSK);
    expect([before.start, before.end]).toEqual(['2026-10-31', '2026-11-09']);
    expect(shiftPeriod(p, 1, MSK).start).toBe('2026-11-20');
  });

  it('puts a backwards custom period the right way round', () => {
    const p = customPeriod('2026-11-19', '2026-11-10', MSK);
    expect([p.start, p.end]).toEqual(['2026-11-10', '2026-11-19']);
  });

  it('steps days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('resolutions', () => {
  it('suggests hours for a day, days for a month, months for a year', () => {
    expect(resolutionsFor(periodOf('day', '2026-11-24', MSK))).toEqual(['HOUR']);
    expect(resolutionsFor(periodOf('month', '2026-11-24', MSK))[0]).toBe('DAY');
    expect(resolutionsFor(periodOf('year', '2026-11-24', MSK))).toEqual(['MONTH', 'WEEK', 'DAY']);
  });

  it('keeps a custom period within the API’s page of intervals', () => {
    expect(resolutionsFor(customPeriod('2026-11-01', '2026-11-02', MSK))[0]).toBe('HOUR');
    expect(resolutionsFor(customPeriod('2026-01-01', '2026-03-31', MSK))).toEqual(['DAY', 'WEEK', 'MONTH']);
    expect(resolutionsFor(customPeriod('2020-01-01', '2026-12-31', MSK))).toEqual(['MONTH', 'WEEK']);
  });

  it('falls back to the default for a resolution that does not suit', () => {
    const day = periodOf('day', '2026-11-24', MSK);
    expect(resolutionFor(day, 'MONTH')).toBe('HOUR');
    expect(resolutionFor(periodOf('year', '2026-11-24', MSK), 'WEEK')).toBe('WEEK');
  });
});

describe('periods in the address bar', () => {
  it('round-trips a period through URL parameters', () => {
    for (const p of [periodOf('week', '2026-11-24', MSK), customPeriod('2026-01-01', '2026-02-15', MSK)]) {
      const back = periodFromParams(new URLSearchParams(periodParams(p)), MSK);
      expect(back).toEqual(p);
    }
  });

  it('ignores what is not a period', () => {
    expect(periodFromParams(new URLSearchParams('period=decade&date=2026-01-01'), MSK)).toBeNull();
    expect(periodFromParams(new URLSearchParams('period=day&date=2026-02-30'), MSK)).toBeNull();
    expect(periodFromParams(new URLSearchParams('period=custom&from=1990-01-01&to=2026-01-01'), MSK)).toBeNull();
  });
});

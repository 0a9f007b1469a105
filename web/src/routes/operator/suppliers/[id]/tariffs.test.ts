import { describe, expect, it } from 'vitest';
import { coverageProblem, DEFAULT_ZONE_HOURS, hoursInput, hoursText, nextMonthStart, parseHours, roublesInput, versionInForce } from './tariffs';

describe('zone hours', () => {
  it('are read from what an operator types, with any dash and separator', () => {
    expect(parseHours('07–10, 17–21')).toEqual([
      { from: 7, to: 10 },
      { from: 17, to: 21 },
    ]);
    expect(parseHours('7-10 и 17-21')).toEqual([
      { from: 7, to: 10 },
      { from: 17, to: 21 },
    ]);
    expect(parseHours('23:00 — 07:00')).toEqual([{ from: 23, to: 7 }]);
    expect(parseHours('0-24')).toEqual([{ from: 0, to: 24 }]);
  });

  it('are refused when they are not whole hours of a day', () => {
    expect(parseHours('')).toBeNull();
    expect(parseHours('7')).toBeNull();
    expect(parseHours('25-7')).toBeNull();
    expect(parseHours('7-7')).toBeNull();
    expect(parseHours('7.5-9')).toBeNull();
  });

  it('read back what the form shows, and the list joins a zone’s ranges', () => {
    for (const zones of Object.values(DEFAULT_ZONE_HOURS)) for (const hours of zones) expect(parseHours(hoursInput(hours))).toEqual(hours);
    expect(hoursInput(DEFAULT_ZONE_HOURS.THREE_ZONE[0])).toBe('07–10, 17–21');
    expect(hoursText(DEFAULT_ZONE_HOURS.THREE_ZONE[0])).toBe('07–10 и 17–21');
    expect(hoursText([{ from: 0, to: 24 }])).toBe('00–24');
  });
});

describe('versions', () => {
  const versions = [{ effectiveFrom: '2025-07-01' }, { effectiveFrom: '2026-07-01' }, { effectiveFrom: '2027-01-01' }];
  it('the one in force is the latest that began on or before today', () => {
    expect(versionInForce(versions, '2026-07-01')).toBe(1);
    expect(versionInForce(versions, '2026-06-30')).toBe(0);
    expect(versionInForce(versions, '2025-01-01')).toBe(-1);
    expect(versionInForce(versions, '2027-03-01')).toBe(2);
  });

  it('new prices start on the first of next month by default, across the year', () => {
    expect(nextMonthStart('2026-12-05')).toBe('2027-01-01');
    expect(nextMonthStart('2026-02-28')).toBe('2026-03-01');
  });

  it('a monthly charge is typed in roubles with the locale’s comma', () => {
    expect(roublesInput('0')).toBe('');
    expect(roublesInput('15000')).toBe('150');
    expect(roublesInput('15050')).toBe('150,50');
  });
});

describe('zones cover the day', () => {
  it('exactly once with the usual hours', () => {
    expect(coverageProblem(DEFAULT_ZONE_HOURS.TWO_ZONE)).toBeNull();
    expect(coverageProblem(DEFAULT_ZONE_HOURS.THREE_ZONE)).toBeNull();
  });

  it('names the first hour in no zone, or in a second one', () => {
    expect(coverageProblem([[{ from: 7, to: 22 }], [{ from: 23, to: 7 }]])).toEqual({ hour: 22, zone: null });
    expect(coverageProblem([[{ from: 7, to: 23 }], [{ from: 22, to: 7 }]])).toEqual({ hour: 22, zone: 2 });
  });
});

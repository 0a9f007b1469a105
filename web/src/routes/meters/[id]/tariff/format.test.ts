import { describe, expect, it } from 'vitest';
import { hoursText, monthStartOf, versionInForce } from './format';

describe('tariff texts', () => {
  it('writes zone hours with a wrap past midnight as people read them', () => {
    expect(hoursText([{ from: 7, to: 23 }])).toBe('07–23');
    expect(hoursText([{ from: 23, to: 7 }])).toBe('23–07');
    expect(hoursText([{ from: 7, to: 10 }, { from: 17, to: 21 }])).toBe('07–10, 17–21');
    expect(hoursText([{ from: 0, to: 24 }])).toBe('00–00');
  });

  it('finds the version in force on a date, and none before the first', () => {
    const versions = [{ effectiveFrom: '2025-07-01' }, { effectiveFrom: '2026-07-01' }];
    expect(versionInForce(versions, '2026-06-30')).toBe(0);
    expect(versionInForce(versions, '2026-07-01')).toBe(1);
    expect(versionInForce(versions, '2025-01-01')).toBe(-1);
    expect(monthStartOf('2026-12-04')).toBe('2026-12-01');
  });
});

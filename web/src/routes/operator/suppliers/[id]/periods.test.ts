import { describe, expect, it } from 'vitest';
import { canResend, periodsBefore } from './periods';

describe('periods of a supplier', () => {
  it('counts the current period in the supplier’s zone and goes back across the year', () => {
    // 31 December 21:30 UTC is already 1 January in Moscow.
    expect(periodsBefore(new Date('2026-12-31T21:30:00Z'), 'Europe/Moscow', 3)).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(periodsBefore(new Date('2026-12-31T21:30:00Z'), 'Europe/Kaliningrad', 2)).toEqual(['2026-12', '2026-11']);
  });
});

describe('re-sending', () => {
  const now = Date.parse('2026-12-20T00:00:00Z');
  const values = [{ register: 'T1', unit: 'kWh', value: '12345' }];
  it('is offered for a finished submission with values while its window is open', () => {
    expect(canResend({ status: 'REJECTED', values, windowClosesAt: '2026-12-25T09:00:00Z' }, now)).toBe(true);
  });
  it('is not offered once the window closed, without values, or while the submission is under way', () => {
    expect(canResend({ status: 'ACCEPTED', values, windowClosesAt: '2026-11-25T09:00:00Z' }, now)).toBe(false);
    expect(canResend({ status: 'FAILED', values: [], windowClosesAt: '2026-12-25T09:00:00Z' }, now)).toBe(false);
    expect(canResend({ status: 'SENDING', values, windowClosesAt: '2026-12-25T09:00:00Z' }, now)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { formatBytes, formatChange, formatConsumption, formatDuration, formatInterval, formatPeriod } from './format';
import { customPeriod, periodOf } from './period';
import { presenceOf, signalQuality, verificationState } from './device';

const MSK = 'Europe/Moscow';
const GROUP = new Intl.NumberFormat('ru-RU').formatToParts(12345).find((p) => p.type === 'group')!.value;
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('periods and intervals in words', () => {
  it('names a day, a month and a year', () => {
    expect(plain(formatPeriod(periodOf('day', '2026-11-24', MSK), MSK))).toBe('24 ноября 2026 г.');
    expect(plain(formatPeriod(periodOf('month', '2026-11-24', MSK), MSK))).toBe('ноябрь 2026 г.');
    expect(formatPeriod(periodOf('year', '2026-11-24', MSK), MSK)).toBe('2026');
  });

  it('names a week by its first and last day', () => {
    const shown = plain(formatPeriod(periodOf('week', '2026-11-24', MSK), MSK));
    expect(shown).toContain('23');
    expect(shown).toContain('29');
    expect(shown).toContain('нояб');
    expect(plain(formatPeriod(customPeriod('2026-11-24', '2026-11-24', MSK), MSK))).toBe('24 ноября 2026 г.');
  });

  it('names report intervals in the account’s zone', () => {
    const from = Date.parse('2026-11-24T11:00:00Z');
    expect(formatInterval(from, from + 3_600_000, 'HOUR', MSK)).toBe('14:00–15:00');
    expect(plain(formatInterval(Date.parse('2026-11-23T21:00:00Z'), Date.parse('2026-11-24T21:00:00Z'), 'DAY', MSK))).toBe('вт, 24 нояб.');
    expect(plain(formatInterval(Date.parse('2026-10-31T21:00:00Z'), Date.parse('2026-11-30T21:00:00Z'), 'MONTH', MSK))).toBe('ноябрь 2026 г.');
  });
});

describe('amounts, changes, lengths and sizes', () => {
  it('writes consumption with its unit and a gap as a dash, never 0', () => {
    expect(formatConsumption(1234.5678, 'kWh')).toBe(`1${GROUP}234,568 кВт·ч`);
    expect(formatConsumption(0.152, 'm3')).toBe('0,152 м³');
    expect(formatConsumption(null, 'kWh')).toBe('—');
    expect(formatConsumption(0, 'kWh')).toBe('0 кВт·ч');
  });

  it('signs a change in percent', () => {
    expect(formatChange(0.123)).toBe('+12 %');
    expect(formatChange(-0.0534)).toBe('−5,3 %');
    expect(formatChange(0.0001)).toBe('0 %');
    expect(formatChange(null)).toBe('—');
  });

  it('says how long, in the largest sensible units', () => {
    expect(formatDuration(45_000)).toBe('45 с');
    expect(formatDuration(15 * 60_000)).toBe('15 мин');
    expect(formatDuration(6 * 3_600_000)).toBe('6 ч');
    expect(formatDuration(2 * 3_600_000 + 15 * 60_000)).toBe('2 ч 15 мин');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 дн. 4 ч');
  });

  it('writes file sizes in binary multiples', () => {
    expect(formatBytes(812)).toBe('812 Б');
    expect(formatBytes(14_540)).toBe('14,2 КБ');
    expect(formatBytes(1_468_006)).toBe('1,4 МБ');
  });
});

describe('device health', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  const controller = (lastSeenAt: string | null, status: 'ONLINE' | 'REVOKED' = 'ONLINE') => ({ status, lastSeenAt, reportingIntervalS: 900 });

  it('calls a controller silent after 2.5 reporting intervals', () => {
    expect(presenceOf(controller('2026-11-24T11:28:00Z'), now)).toBe('ONLINE');
    expect(presenceOf(controller('2026-11-24T11:22:00Z'), now)).toBe('SILENT');
    expect(presenceOf(controller(null), now)).toBe('NEVER_SEEN');
    expect(presenceOf(controller('2026-11-24T11:59:00Z', 'REVOKED'), now)).toBe('REVOKED');
  });

  it('grades the signal', () => {
    expect([-60, -80, -95, -110].map(signalQuality)).toEqual(['excellent', 'good', 'fair', 'poor']);
  });

  it('warns about verification two months ahead and after it has run out', () => {
    expect(verificationState('2027-06-01', '2026-11-24')).toEqual({ kind: 'ok', days: 189 });
    expect(verificationState('2026-12-24', '2026-11-24')).toEqual({ kind: 'soon', days: 30 });
    expect(verificationState('2026-11-20', '2026-11-24')).toEqual({ kind: 'overdue', days: 4 });
    expect(verificationState(null, '2026-11-24')).toEqual({ kind: 'unknown' });
  });
});

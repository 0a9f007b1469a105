import { describe, expect, it } from 'vitest';
import { cabinetClock } from './cabinet-clock.svelte';
import { formatDateTime, formatRelativeTime, formatShortDateTime } from './time';

const now = Date.parse('2026-11-24T20:34:12Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('formatRelativeTime', () => {
  it('says «только что» within the first minute', () => {
    expect(formatRelativeTime(ago(0), now)).toBe('только что');
    expect(formatRelativeTime(ago(59_999), now)).toBe('только что');
  });

  it('says «только что» for a time slightly ahead of the clock', () => {
    expect(formatRelativeTime(ago(-5_000), now)).toBe('только что');
  });

  it('counts whole minutes, then whole hours', () => {
    expect(formatRelativeTime(ago(60_000), now)).toBe('1 мин назад');
    expect(formatRelativeTime(ago(5 * 60_000 + 59_000), now)).toBe('5 мин назад');
    expect(formatRelativeTime(ago(59 * 60_000), now)).toBe('59 мин назад');
    expect(formatRelativeTime(ago(60 * 60_000), now)).toBe('1 ч назад');
    expect(formatRelativeTime(ago(23 * 3600_000 + 59 * 60_000), now)).toBe('23 ч назад');
  });

  it('gives the date and time from a day back', () => {
    const shown = formatRelativeTime('2026-11-22T08:05:00Z', now, 'UTC');
    expect(shown).toContain('22 ноября');
    expect(shown).toContain('08:05');
    expect(shown).not.toContain('2026');
  });

  it('adds the year to a time many months back', () => {
    expect(formatRelativeTime('2025-11-22T08:05:00Z', now, 'UTC')).toContain('2025');
  });
});

describe('formatDateTime', () => {
  it('writes the full date and the time to the minute in Russian (seconds are noise in «Открыто …», «Вход: …»)', () => {
    const shown = formatDateTime('2026-11-24T20:34:12Z', 'Europe/Moscow');
    expect(shown).toContain('24 ноября 2026');
    expect(shown).toMatch(/ 23:34$/);
  });
});

describe('the cabinet clock', () => {
  it('tells a time without a zone of its own on the account’s clock, the same instant a traveller’s browser would put elsewhere', () => {
    const at = '2026-11-24T20:34:00Z';
    try {
      cabinetClock.zone = 'Asia/Vladivostok';
      expect(formatDateTime(at)).toBe('25 ноября 2026 г. в 06:34');
      expect(formatShortDateTime(at)).toBe('25 нояб., 06:34');
      // A zone given outright still wins.
      expect(formatDateTime(at, 'Europe/Moscow')).toBe('24 ноября 2026 г. в 23:34');
    } finally {
      cabinetClock.zone = undefined;
    }
  });
});

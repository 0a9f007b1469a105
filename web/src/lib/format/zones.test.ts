import { describe, expect, it } from 'vitest';
import { ru } from '$lib/i18n/ru';
import { en } from '$lib/i18n/en';
import { CUSTOMER_TIME_ZONES, RUSSIAN_TIME_ZONES, clockName, customerZoneFor, utcOffset, zoneLabel } from './zones';

describe('time zones a customer chooses from', () => {
  it('are eleven, one for each of Russia’s offsets, west to east', () => {
    const offsets = CUSTOMER_TIME_ZONES.map((z) => utcOffset(z, Date.UTC(2026, 11, 6)));
    expect(offsets).toEqual(['UTC+2', 'UTC+3', 'UTC+4', 'UTC+5', 'UTC+6', 'UTC+7', 'UTC+8', 'UTC+9', 'UTC+10', 'UTC+11', 'UTC+12']);
    expect(CUSTOMER_TIME_ZONES.every((z) => RUSSIAN_TIME_ZONES.includes(z))).toBe(true);
  });

  it('are named by their cities and offset; a zone set elsewhere by its IANA name', () => {
    expect(zoneLabel('Asia/Yekaterinburg', ru.timeZones)).toBe('МСК+2 — Екатеринбург, Пермь, Челябинск, Уфа, Тюмень (UTC+5)');
    expect(zoneLabel('Europe/Berlin', ru.timeZones, Date.UTC(2026, 6, 1))).toBe('Europe/Berlin (UTC+2)');
    expect(utcOffset('UTC')).toBe('UTC');
    expect(utcOffset('America/St_Johns', Date.UTC(2026, 0, 1))).toBe('UTC−3:30');
    expect(utcOffset('Asia/Kolkata')).toBe('UTC+5:30');
  });

  it('start a new account on the browser’s clock when it is one of Russia’s, the default elsewhere', () => {
    expect(customerZoneFor('Asia/Yekaterinburg')).toBe('Asia/Yekaterinburg');
    expect(customerZoneFor('Asia/Barnaul')).toBe('Asia/Novosibirsk');
    expect(customerZoneFor('Europe/Volgograd')).toBe('Europe/Moscow');
    expect(customerZoneFor('Asia/Anadyr')).toBe('Asia/Kamchatka');
    expect(customerZoneFor('Europe/Berlin')).toBeNull();
    expect(customerZoneFor(undefined)).toBeNull();
  });
});

describe('a clock named beside a time', () => {
  it('is Moscow time and its offsets for Russia’s zones, the UTC offset elsewhere', () => {
    expect(clockName('Europe/Moscow', ru.timeZones.clock)).toBe('МСК');
    expect(clockName('Europe/Volgograd', ru.timeZones.clock)).toBe('МСК');
    expect(clockName('Asia/Yekaterinburg', ru.timeZones.clock)).toBe('МСК+2');
    expect(clockName('Europe/Kaliningrad', ru.timeZones.clock)).toBe('МСК−1');
    expect(clockName('Asia/Kamchatka', en.timeZones.clock)).toBe('Moscow time +9');
    expect(clockName('Europe/Moscow', en.timeZones.clock)).toBe('Moscow time');
    expect(clockName('Europe/Berlin', ru.timeZones.clock, Date.UTC(2026, 0, 1))).toBe('UTC+1');
  });
});

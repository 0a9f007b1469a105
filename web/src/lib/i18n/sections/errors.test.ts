/**
 * The cabinet's catalogues of the API's error reasons against the API's own (api/src/errors/reasons.ts, read
 * as text): a reason the API gives and the English cabinet cannot say fails here, and so does a stale one. The
 * Russian catalogue is the API's own module with two reasons said better; the tests below check those and that
 * the rest are the API's sentences.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reasonsRu } from './errors';
import { reasonsEn } from './errors-en';

const api = readFileSync(new URL('../../../../../api/src/errors/reasons.ts', import.meta.url), 'utf8');
const body = api.slice(api.indexOf('export const REASONS = {'), api.indexOf('} satisfies Record<string'));
const apiReasons = [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);

// Every param a reason of the API's catalogue names.
const everyParam = Object.fromEntries([...body.matchAll(/\(\{ ([^}]*) \}:/g)].flatMap((m) => m[1].split(',').map((p) => [p.trim(), 7])));

describe('the catalogues of error reasons', () => {
  it('read the API’s catalogue', () => {
    expect(apiReasons).toContain('WRONG_CODE_ATTEMPTS_LEFT');
    expect(apiReasons.length).toBe(new Set(apiReasons).size);
  });

  it('have every reason of the API, in Russian and in English, and none the API does not give', () => {
    expect(Object.keys(reasonsRu).sort()).toEqual([...apiReasons].sort());
    expect(Object.keys(reasonsEn).sort()).toEqual([...apiReasons].sort());
  });

  it('say the params, in the API’s Russian words', () => {
    expect(reasonsRu.WRONG_CODE_ATTEMPTS_LEFT({ attemptsLeft: 3 })).toBe('Неверный код. Осталось попыток: 3');
    expect(reasonsRu.SMS_HOURLY_LIMIT({ retryAfter: 2500 })).toBe('Лимит кодов на этот номер за час исчерпан. Новый код можно отправить через 42 мин');
    expect(reasonsEn.FULL_NAME_TOO_LONG({ maxLength: 200 })).toBe('The name is too long: at most 200 characters');
    for (const say of [...Object.values(reasonsRu), ...Object.values(reasonsEn)]) expect(String(say(everyParam))).not.toMatch(/undefined/);
  });

  it('say why a tariff was not accepted by its rule, in the cabinet’s language, and the API’s words for a check without one', () => {
    const twice = { rule: 'HOUR_IN_TWO_ZONES', hour: 7, detail: 'час 7:00 попал в две зоны' };
    expect(reasonsEn.TARIFF_INVALID(twice)).toBe('The tariff was not accepted: hour 7:00 is in two zones');
    expect(reasonsRu.TARIFF_INVALID(twice)).toBe('Тариф не принят: час 7:00 попал в две зоны');
    expect(reasonsEn.TARIFF_INVALID({ rule: 'PRICE_INVALID', line: 'sewerage', detail: 'водоотведение: нет цены или это не цена' })).toBe('The tariff was not accepted: sewerage: no price, or not a price');
    expect(reasonsEn.TARIFF_INVALID({ detail: 'something new' })).toBe('The tariff was not accepted: something new');
  });

  it('say the suppliers’ and submissions’ reasons too, which the English cabinet used to show in the API’s Russian', () => {
    expect(reasonsEn.WINDOW_DAY({ day: 'last', min: 5, max: 31 })).toBe('The last day of the window is 5 to 31');
    expect(reasonsRu.WINDOW_DAY({ day: 'last', min: 5, max: 31 })).toBe('Последний день окна — от 5 до 31');
    // Not yet open: when it opens, in the person's words and zone rather than the API's ISO 8601.
    const opens = reasonsRu.WINDOW_CLOSED({ supplier: 'Энергосбыт', opensAt: '2026-10-26T06:00:00Z' });
    expect(opens).toMatch(/^«Энергосбыт» сейчас не принимает показания; окно откроется 26 октября/);
    expect(opens).not.toContain('2026-10-26T');
    expect(reasonsRu.WINDOW_CLOSED({ closedAt: '2026-10-26T00:00:00Z' })).toBe('Окно приёма этого периода закрыто: повторная отправка невозможна');
    expect(reasonsEn.ACCOUNT_NUMBER_FORMAT({ accountNumber: '12-3', supplier: 'Энергосбыт', example: '1234567890', pattern: '\\d{10}' })).toBe(
      'The account number “12-3” does not look like one of “Энергосбыт”: e.g. 1234567890',
    );
    expect(reasonsEn.WINDOW_CLOSED({ closedAt: '2026-10-26T00:00:00Z' })).toBe('The window for this period has closed: it cannot be sent again');
  });

  it('say each problem of an operator’s list of controllers in English, by its line or place and its rule', () => {
    const rules = api.slice(api.indexOf('export const PROVISIONING_RULES = {'));
    const apiRules = [...rules.slice(0, rules.indexOf('} satisfies')).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
    expect(apiRules).toHaveLength(8);
    const problems = [
      ...apiRules.map((rule, i) => ({ line: i + 2, rule, params: { serial: 'C-1', min: 60, max: 86400, firstLine: 1 } })),
      { controller: 2, rule: 'SERIAL_REPEATED', params: { serial: 'C-1', firstController: 1 } },
      { controller: 1, meter: 2, rule: 'SERIAL_TAKEN', params: { serial: 'C-1-E' } },
    ] as Parameters<typeof reasonsEn.PROVISIONING_INVALID>[1];
    const english = reasonsEn.PROVISIONING_INVALID({ problems: 'строка 2: …', more: 3 }, problems).split('\n');
    expect(english).toEqual([
      'line 2: serial number “C-1”: Latin letters, digits, “.”, “-”, “_” only, up to 64 characters',
      'line 3: serial number C-1 is repeated (line 1)',
      'line 4: serial number C-1 is already registered',
      'line 5: the reporting interval is whole seconds from 60 to 86400',
      'line 6: the meter kind is ELECTRICITY, COLD_WATER or HOT_WATER',
      'line 7: tariff zones: 1, 2 or 3 (water meters: 1)',
      'line 8: phases: 1 or 3 (water meters: 1)',
      'line 9: the verification date as YYYY-MM-DD',
      'controller 2: serial number C-1 is repeated (controller 1)',
      'controller 1, meter 2: serial number C-1-E is already registered',
      '… and 3 more',
    ]);
    // Russian is the API's text as it came; an API without the list (older) is shown as it wrote.
    expect(reasonsRu.PROVISIONING_INVALID({ problems: 'строка 2: тип счётчика — ELECTRICITY, COLD_WATER или HOT_WATER' }, problems)).toBe('строка 2: тип счётчика — ELECTRICITY, COLD_WATER или HOT_WATER');
    expect(reasonsEn.PROVISIONING_INVALID({ problems: 'строка 2: …' })).toBe('строка 2: …');
  });
});

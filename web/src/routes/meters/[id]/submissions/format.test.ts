import { describe, expect, it } from 'vitest';
import { SUBMISSION_REASONS } from '@askue/api/submission-reasons';
import { submissionsRu } from '$lib/i18n/sections/submissions';
import { submissionsEn } from '$lib/i18n/sections/submissions.en';
import { accountProblem, manualValueProblem, normaliseValue, reasonText, valuesText, windowText } from './format';

const GROUP = new Intl.NumberFormat('ru-RU').formatToParts(12345).find((p) => p.type === 'group')!.value;
const energy = { accountPattern: '\\d{10}', accountExample: '7701234567' };
const water = { accountPattern: '[0-9]{3}-[0-9]{6}', accountExample: '123-456789' };

describe('the account number check at entry', () => {
  it('takes a number matching the supplier’s whole pattern', () => {
    expect(accountProblem(energy, '7701234567')).toBeNull();
    expect(accountProblem(water, ' 123-456789 ')).toBeNull();
  });

  it('names the format with the supplier’s example when a digit is missing, extra or misplaced', () => {
    const message = 'Номер лицевого счёта не похож на номер этого поставщика. Пример: 7701234567';
    expect(accountProblem(energy, '770123456')).toBe(message);
    expect(accountProblem(energy, '77012345678')).toBe(message); // the pattern must match the whole number
    expect(accountProblem(water, '123456789')).toBe('Номер лицевого счёта не похож на номер этого поставщика. Пример: 123-456789');
  });

  it('asks for a number when there is none, and leaves a pattern the browser cannot read to the API', () => {
    expect(accountProblem(energy, '  ')).toBe('Укажите номер лицевого счёта');
    expect(accountProblem({ accountPattern: '(?<', accountExample: '1' }, '1')).toBeNull();
  });
});

describe('what the panel says', () => {
  it('states the window with its cut-off and time zone', () => {
    expect(windowText({ windowFirstDay: 20, windowLastDay: 25, cutoffTime: '18:00', timeZone: 'Europe/Moscow' })).toBe(
      'Окно приёма: с 20 по 25 число, до 18:00 (МСК)',
    );
    expect(windowText({ windowFirstDay: 1, windowLastDay: 25, cutoffTime: '20:00', timeZone: 'Asia/Yekaterinburg' })).toBe(
      'Окно приёма: с 1 по 25 число, до 20:00 (МСК+2)',
    );
  });

  it('shows the values exactly as sent, per zone, grouped for reading', () => {
    expect(
      valuesText([
        { register: 'T1', unit: 'kWh', value: '17394' },
        { register: 'T2', unit: 'kWh', value: '2282' },
      ]),
    ).toBe(`T1 17${GROUP}394 кВт·ч · T2 2${GROUP}282 кВт·ч`);
    expect(valuesText([{ register: 'VOLUME', unit: 'm3', value: '1234.500' }])).toBe(`1${GROUP}234,500 м³`);
  });

  it('gives the supplier’s words on a rejection, ours for our own codes', () => {
    expect(reasonText({ reason: 'ACCOUNT_CLOSED', reasonMessage: 'Лицевой счёт закрыт' })).toBe('Причина: Лицевой счёт закрыт');
    expect(reasonText({ reason: 'WINDOW_CLOSED', reasonMessage: null })).toBe('Причина: окно приёма закрылось');
    expect(reasonText({ reason: null, reasonMessage: null })).toBeNull();
    // A window that closed on a submission still waiting for readings: words, not the code.
    expect(reasonText({ reason: 'NO_FRESH_READINGS', reasonMessage: null })).toBe('Причина: к дате передачи не было свежих показаний счётчика, а вручную их не ввели');
  });

  it('has words in both languages for every failure code of the API’s own', () => {
    for (const code of Object.keys(SUBMISSION_REASONS)) {
      expect(submissionsRu.reasons[code], code).toMatch(/^[а-яё]/);
      expect(submissionsEn.reasons[code], code).toMatch(/^[a-z]/);
    }
  });
});

describe('values entered by hand', () => {
  it('takes whole kWh and m³ with at most the supplier’s decimals, with a comma or a point', () => {
    expect(manualValueProblem('7394', 0)).toBeNull();
    expect(manualValueProblem('12,125', 3)).toBeNull();
    expect(normaliseValue(' 12,125 ')).toBe('12.125');
  });

  it('refuses an empty value, a fraction of a kWh, too many decimals and a negative number', () => {
    expect(manualValueProblem('', 0)).toBe('Укажите показание');
    expect(manualValueProblem('7394.5', 0)).toBe('Целое число');
    expect(manualValueProblem('1.1234', 3)).toBe('Число, не больше 3 знаков после запятой');
    expect(manualValueProblem('-5', 3)).toBe('Число, не больше 3 знаков после запятой');
  });
});

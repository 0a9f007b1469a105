import { describe, expect, it } from 'vitest';
import { formatNumber, formatQuantityValue, QUANTITY_ORDER, quantityName } from './quantity';

// What Intl puts between groups of thousands for ru-RU (a no-break space in current ICU); the cabinet
// promises Intl's output, so the tests take the separator from Intl rather than hard-coding it.
const GROUP = new Intl.NumberFormat('ru-RU').formatToParts(12345).find((p) => p.type === 'group')!.value;

describe('quantity names', () => {
  it('names every quantity of the API in Russian, each differently', () => {
    // Which quantities there are is the schema's (DISPLAY is a Record over its enum); what matters here is that a
    // person can tell them apart, and that the zones read as on a bill: T1 the day, T2 the night.
    const names = QUANTITY_ORDER.map(quantityName);
    expect(QUANTITY_ORDER).toHaveLength(18);
    for (const name of names) expect(name).toMatch(/^[А-ЯЁ][а-яё]/);
    expect(new Set(names).size).toBe(names.length);
    expect([quantityName('ENERGY_T1'), quantityName('ENERGY_T2'), quantityName('VOLUME')]).toEqual(['Энергия T1 (день)', 'Энергия T2 (ночь)', 'Объём']);
  });

  it('keeps the API vocabulary order', () => {
    expect(QUANTITY_ORDER.slice(0, 6)).toEqual(['ENERGY', 'ENERGY_T1', 'ENERGY_T2', 'ENERGY_T3', 'ENERGY_EXPORT', 'POWER']);
    expect(QUANTITY_ORDER.at(-1)).toBe('BATTERY');
  });

  it('shows a quantity unknown to this build under its API name', () => {
    expect(quantityName('REACTIVE_POWER')).toBe('REACTIVE_POWER');
    expect(quantityName('toString')).toBe('toString');
  });
});

describe('formatting values', () => {
  it('uses a decimal comma and the ru-RU group separator', () => {
    expect(formatNumber(1234567.891, 2)).toBe(`1${GROUP}234${GROUP}567,89`);
    expect(GROUP).not.toBe(' ');
  });

  it('shows power in watts with one fraction digit', () => {
    expect(formatQuantityValue('POWER', 842.5)).toBe('842,5 Вт');
    expect(formatQuantityValue('POWER', 842.56)).toBe('842,6 Вт');
    expect(formatQuantityValue('POWER', 1500)).toBe(`1${GROUP}500 Вт`);
  });

  it('shows energy registers in kWh with up to three fraction digits', () => {
    expect(formatQuantityValue('ENERGY', 12345500)).toBe(`12${GROUP}345,5 кВт·ч`);
    expect(formatQuantityValue('ENERGY_T1', 1234)).toBe('1,234 кВт·ч');
    expect(formatQuantityValue('ENERGY_T2', 0.4)).toBe('0 кВт·ч');
    expect(formatQuantityValue('ENERGY_T3', 999999)).toBe('999,999 кВт·ч');
    expect(formatQuantityValue('ENERGY_EXPORT', 2000)).toBe('2 кВт·ч');
  });

  it('gives every other quantity its unit and precision', () => {
    expect(formatQuantityValue('VOLTAGE_L1', 229.84)).toBe('229,8 В');
    expect(formatQuantityValue('VOLTAGE_L3', 231)).toBe('231 В');
    expect(formatQuantityValue('CURRENT_L2', 3.456)).toBe('3,46 А');
    expect(formatQuantityValue('FREQUENCY', 49.987)).toBe('49,99 Гц');
    expect(formatQuantityValue('POWER_FACTOR', 0.95123)).toBe('0,951');
    expect(formatQuantityValue('VOLUME', 123.4567)).toBe('123,457 м³');
    expect(formatQuantityValue('TEMPERATURE', 55.55)).toBe('55,6 °C');
    expect(formatQuantityValue('RSSI', -71.6)).toBe('-72 дБм');
    expect(formatQuantityValue('BATTERY', 87.4)).toBe('87 %');
  });

  it('separates value and unit with a plain space', () => {
    const shown = formatQuantityValue('VOLUME', 1.5);
    expect(shown).toBe('1,5 м³');
    expect(shown.charAt(shown.indexOf('м') - 1)).toBe(' ');
  });

  it('matches Intl.NumberFormat exactly for every quantity', () => {
    const digits: Record<string, number> = { POWER: 1, CURRENT_L1: 2, POWER_FACTOR: 3, RSSI: 0 };
    for (const [q, d] of Object.entries(digits)) {
      const value = 12345.6789;
      const number = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: d }).format(value);
      expect(formatQuantityValue(q, value).startsWith(number)).toBe(true);
    }
  });

  it('shows a quantity unknown to this build with the unit the API sent', () => {
    expect(formatQuantityValue('REACTIVE_POWER', 12.3456, 'var')).toBe('12,346 var');
    expect(formatQuantityValue('REACTIVE_POWER', 12)).toBe('12');
  });
});

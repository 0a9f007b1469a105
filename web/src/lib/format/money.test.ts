import { describe, expect, it } from 'vitest';
import { formatMoney, kopecksOf, sumKopecks } from './money';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('formats exact kopecks in roubles the Russian way, and missing money as a dash', () => {
    expect(nbsp(formatMoney(123456))).toBe('1 234,56 ₽');
    expect(nbsp(formatMoney(5))).toBe('0,05 ₽');
    expect(nbsp(formatMoney(-1600))).toBe('-16,00 ₽');
    expect(formatMoney(null)).toBe('—');
  });

  it('reads the API’s decimal string and sums kopecks as integers (no 0.1 + 0.2)', () => {
    expect(kopecksOf({ kopecks: '25280' })).toBe(25280);
    expect(kopecksOf(null)).toBeNull();
    expect(sumKopecks([10, 20, null])).toBe(30);
    expect(sumKopecks([null, undefined])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { en } from '$lib/i18n/en';
import { ru } from '$lib/i18n/ru';
import { qualityEn } from '$lib/i18n/sections/quality.en';
import { qualityRu } from '$lib/i18n/sections/quality';
import { coveragePercent } from './data.svelte';

describe('the measured share of a week beside a verdict', () => {
  it('is the rounded percentage of the intervals measured', () => {
    expect(coveragePercent(441, 1008)).toBe(44);
    expect(coveragePercent(958, 1008)).toBe(95);
    expect(coveragePercent(1008, 1008)).toBe(100);
    expect(coveragePercent(0, 1008)).toBe(0);
  });

  it('never says 100 % while an interval is missing, nor 0 % once one is measured', () => {
    expect(coveragePercent(1006, 1008)).toBe(99);
    expect(coveragePercent(1, 1008)).toBe(1);
  });

  it('is written «44 %» in Russian and «44%» in English', () => {
    expect(qualityRu.compliance.coverage(441, 1008, 44)).toBe('441 из 1008 интервалов, 44 %');
    expect(qualityEn.compliance.coverage(441, 1008, 44)).toBe('441 of 1008 intervals, 44%');
    expect([ru.format.percent('61'), en.format.percent('61')]).toEqual(['61 %', '61%']);
  });
});

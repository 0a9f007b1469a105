import { describe, expect, it } from 'vitest';
import { meterDetails, meterKindName } from './meter';

describe('meters', () => {
  it('names the kinds in Russian', () => {
    expect(meterKindName('ELECTRICITY')).toBe('Электроэнергия');
    expect(meterKindName('COLD_WATER')).toBe('Холодная вода');
    expect(meterKindName('HOT_WATER')).toBe('Горячая вода');
    expect(meterKindName('GAS')).toBe('Счётчик');
  });

  it('describes an electricity meter by model, tariff zones and phases', () => {
    expect(meterDetails({ kind: 'ELECTRICITY', model: 'Меркурий 234', zones: 2, phases: 3 })).toBe('Меркурий 234 · 2 тарифа · 3 фазы');
    expect(meterDetails({ kind: 'ELECTRICITY', model: null, zones: 1, phases: 1 })).toBe('однотарифный · 1 фаза');
  });

  it('describes a water meter by its model only', () => {
    expect(meterDetails({ kind: 'COLD_WATER', model: 'Пульсар', zones: 1, phases: 1 })).toBe('Пульсар');
    expect(meterDetails({ kind: 'HOT_WATER', model: null, zones: 1, phases: 1 })).toBe('');
  });
});

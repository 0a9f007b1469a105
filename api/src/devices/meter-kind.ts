import { registerEnumType } from 'type-graphql';

export enum MeterKind {
  ELECTRICITY = 'ELECTRICITY',
  COLD_WATER = 'COLD_WATER',
  HOT_WATER = 'HOT_WATER',
}

registerEnumType(MeterKind, {
  name: 'MeterKind',
  description: 'What the meter measures.',
  valuesConfig: {
    ELECTRICITY: { description: 'Electricity meter (электроэнергия)' },
    COLD_WATER: { description: 'Cold water meter (ХВС)' },
    HOT_WATER: { description: 'Hot water meter (ГВС)' },
  },
});

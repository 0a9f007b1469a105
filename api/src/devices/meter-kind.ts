import { graphqlEnum, type EnumValue } from '../schema/enum.js';

export const MeterKind = graphqlEnum('MeterKind', 'What the meter measures.', {
  ELECTRICITY: 'Electricity meter (электроэнергия)',
  COLD_WATER: 'Cold water meter (ХВС)',
  HOT_WATER: 'Hot water meter (ГВС)',
});
export type MeterKind = EnumValue<typeof MeterKind>;

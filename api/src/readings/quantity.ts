/**
 * The quantity vocabulary of device protocol v1 (device-bridge/PROTOCOL.md): the name a modem sends,
 * the canonical unit we store, and whether the value is a cumulative register.
 */
import { registerEnumType } from 'type-graphql';

export enum Quantity {
  ENERGY = 'energy',
  ENERGY_T1 = 'energy_t1',
  ENERGY_T2 = 'energy_t2',
  ENERGY_T3 = 'energy_t3',
  ENERGY_EXPORT = 'energy_export',
  POWER = 'power',
  VOLTAGE_L1 = 'voltage_l1',
  VOLTAGE_L2 = 'voltage_l2',
  VOLTAGE_L3 = 'voltage_l3',
  CURRENT_L1 = 'current_l1',
  CURRENT_L2 = 'current_l2',
  CURRENT_L3 = 'current_l3',
  FREQUENCY = 'frequency',
  POWER_FACTOR = 'power_factor',
  VOLUME = 'volume',
  TEMPERATURE = 'temperature',
  RSSI = 'rssi',
  BATTERY = 'battery',
}

export interface QuantityInfo {
  /** SenML unit (RFC 8428 registry) the value is stored in. */
  unit: string;
  /** A cumulative register (energy, volume): consumption is the difference of two values. */
  cumulative: boolean;
  description: string;
  /** Values outside [min, max] cannot come from a working meter and are refused. */
  range: readonly [min: number, max: number];
}

export const QUANTITIES: Record<Quantity, QuantityInfo> = {
  [Quantity.ENERGY]: { unit: 'Wh', cumulative: true, description: 'Active energy imported, all tariff zones', range: [0, 1e12] },
  [Quantity.ENERGY_T1]: { unit: 'Wh', cumulative: true, description: 'Active energy imported, tariff zone 1 (day or peak)', range: [0, 1e12] },
  [Quantity.ENERGY_T2]: { unit: 'Wh', cumulative: true, description: 'Active energy imported, tariff zone 2 (night or semi-peak)', range: [0, 1e12] },
  [Quantity.ENERGY_T3]: { unit: 'Wh', cumulative: true, description: 'Active energy imported, tariff zone 3 (night of a three-zone tariff)', range: [0, 1e12] },
  [Quantity.ENERGY_EXPORT]: { unit: 'Wh', cumulative: true, description: 'Active energy exported to the grid', range: [0, 1e12] },
  [Quantity.POWER]: { unit: 'W', cumulative: false, description: 'Active power', range: [-1e7, 1e7] },
  [Quantity.VOLTAGE_L1]: { unit: 'V', cumulative: false, description: 'RMS voltage, phase L1', range: [0, 1000] },
  [Quantity.VOLTAGE_L2]: { unit: 'V', cumulative: false, description: 'RMS voltage, phase L2', range: [0, 1000] },
  [Quantity.VOLTAGE_L3]: { unit: 'V', cumulative: false, description: 'RMS voltage, phase L3', range: [0, 1000] },
  [Quantity.CURRENT_L1]: { unit: 'A', cumulative: false, description: 'RMS current, phase L1', range: [-10000, 10000] },
  [Quantity.CURRENT_L2]: { unit: 'A', cumulative: false, description: 'RMS current, phase L2', range: [-10000, 10000] },
  [Quantity.CURRENT_L3]: { unit: 'A', cumulative: false, description: 'RMS current, phase L3', range: [-10000, 10000] },
  [Quantity.FREQUENCY]: { unit: 'Hz', cumulative: false, description: 'Grid frequency', range: [0, 100] },
  [Quantity.POWER_FACTOR]: { unit: '/', cumulative: false, description: 'Power factor (ratio)', range: [-1, 1] },
  [Quantity.VOLUME]: { unit: 'm3', cumulative: true, description: 'Water volume (cumulative register)', range: [0, 1e9] },
  [Quantity.TEMPERATURE]: { unit: 'Cel', cumulative: false, description: 'Temperature (water or device)', range: [-60, 200] },
  [Quantity.RSSI]: { unit: 'dBm', cumulative: false, description: 'Signal strength of the modem', range: [-150, 0] },
  [Quantity.BATTERY]: { unit: '%EL', cumulative: false, description: 'Remaining battery charge', range: [0, 100] },
};

export const unitOf = (q: Quantity): string => QUANTITIES[q].unit;

registerEnumType(Quantity, {
  name: 'Quantity',
  description: 'What a reading measures (device protocol v1 vocabulary). The unit is fixed per quantity.',
  valuesConfig: Object.fromEntries(
    Object.entries(Quantity).map(([key, value]) => [key, { description: `${QUANTITIES[value].description}, in ${QUANTITIES[value].unit}` }]),
  ),
});

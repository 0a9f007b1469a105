/**
 * The quantity vocabulary of device protocol v1 (device-bridge/PROTOCOL.md): the name a modem sends,
 * the canonical unit we store, whether the value is a cumulative register, its sane range, and which
 * kinds of meter measure it.
 */
import { registerEnumType } from 'type-graphql';
import { MeterKind } from '../devices/meter-kind.js';

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
  /** The kinds of meter that measure it: a reading of it for another kind is refused. */
  meters: readonly MeterKind[];
}

const ELECTRICITY = [MeterKind.ELECTRICITY] as const;
const WATER = [MeterKind.COLD_WATER, MeterKind.HOT_WATER] as const;
// A meter's own temperature, signal and battery: any meter with a sensor or a radio of its own may report them.
const ANY = [MeterKind.ELECTRICITY, MeterKind.COLD_WATER, MeterKind.HOT_WATER] as const;

export const QUANTITIES: Record<Quantity, QuantityInfo> = {
  [Quantity.ENERGY]: { unit: 'Wh', cumulative: true, description: 'Active energy imported, all tariff zones', range: [0, 1e12], meters: ELECTRICITY },
  [Quantity.ENERGY_T1]: { unit: 'Wh', cumulative: true, description: 'Active energy imported, tariff zone 1 (day or peak)', range: [0, 1e12], meters: ELECTRICITY },
  [Quantity.ENERGY_T2]: { unit: 'Wh', cumulative: true, description: 'Active energy imported, tariff zone 2 (night or semi-peak)', range: [0, 1e12], meters: ELECTRICITY },
  [Quantity.ENERGY_T3]: { unit: 'Wh', cumulative: true, description: 'Active energy imported, tariff zone 3 (night of a three-zone tariff)', range: [0, 1e12], meters: ELECTRICITY },
  [Quantity.ENERGY_EXPORT]: { unit: 'Wh', cumulative: true, description: 'Active energy exported to the grid', range: [0, 1e12], meters: ELECTRICITY },
  [Quantity.POWER]: { unit: 'W', cumulative: false, description: 'Active power', range: [-1e7, 1e7], meters: ELECTRICITY },
  [Quantity.VOLTAGE_L1]: { unit: 'V', cumulative: false, description: 'RMS voltage, phase L1', range: [0, 1000], meters: ELECTRICITY },
  [Quantity.VOLTAGE_L2]: { unit: 'V', cumulative: false, description: 'RMS voltage, phase L2', range: [0, 1000], meters: ELECTRICITY },
  [Quantity.VOLTAGE_L3]: { unit: 'V', cumulative: false, description: 'RMS voltage, phase L3', range: [0, 1000], meters: ELECTRICITY },
  [Quantity.CURRENT_L1]: { unit: 'A', cumulative: false, description: 'RMS current, phase L1', range: [-10000, 10000], meters: ELECTRICITY },
  [Quantity.CURRENT_L2]: { unit: 'A', cumulative: false, description: 'RMS current, phase L2', range: [-10000, 10000], meters: ELECTRICITY },
  [Quantity.CURRENT_L3]: { unit: 'A', cumulative: false, description: 'RMS current, phase L3', range: [-10000, 10000], meters: ELECTRICITY },
  [Quantity.FREQUENCY]: { unit: 'Hz', cumulative: false, description: 'Grid frequency', range: [0, 100], meters: ELECTRICITY },
  [Quantity.POWER_FACTOR]: { unit: '/', cumulative: false, description: 'Power factor (ratio)', range: [-1, 1], meters: ELECTRICITY },
  [Quantity.VOLUME]: { unit: 'm3', cumulative: true, description: 'Water volume (cumulative register)', range: [0, 1e9], meters: WATER },
  [Quantity.TEMPERATURE]: { unit: 'Cel', cumulative: false, description: 'Temperature (water or device)', range: [-60, 200], meters: ANY },
  [Quantity.RSSI]: { unit: 'dBm', cumulative: false, description: 'Signal strength of the modem', range: [-150, 0], meters: ANY },
  [Quantity.BATTERY]: { unit: '%EL', cumulative: false, description: 'Remaining battery charge', range: [0, 100], meters: ANY },
};

export const unitOf = (q: Quantity): string => QUANTITIES[q].unit;

/** The quantity a GraphQL enum name (`VOLTAGE_L1`) stands for; undefined for any other string. */
export const quantityNamed = (name: string): Quantity | undefined => (Object.hasOwn(Quantity, name) ? Quantity[name as keyof typeof Quantity] : undefined);

registerEnumType(Quantity, {
  name: 'Quantity',
  description: 'What a reading measures (device protocol v1 vocabulary). The unit is fixed per quantity.',
  valuesConfig: Object.fromEntries(
    Object.entries(Quantity).map(([key, value]) => [key, { description: `${QUANTITIES[value].description}, in ${QUANTITIES[value].unit}` }]),
  ),
});

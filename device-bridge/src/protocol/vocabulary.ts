/**
 * The quantity vocabulary of device protocol v1 (PROTOCOL.md): the name after the meter serial, the unit
 * it is stored in, the units accepted with their factor to that unit, and the sane range. The API's
 * GraphQL enum `Quantity` has the same members in upper case and its own table of units and ranges
 * (api/src/readings/quantity.ts); a test there keeps the two in step.
 */
export interface QuantitySpec {
  /** The canonical SenML unit. */
  unit: string;
  /** Accepted units and the factor converting each to the canonical one. */
  accept: Readonly<Record<string, number>>;
  /**
   * Values outside [min, max] (in the canonical unit) cannot come from a working meter. Checked after the
   * conversion, which can overflow: 1e306 kWh is Infinity Wh.
   */
  range: readonly [min: number, max: number];
}

const only = (unit: string, range: readonly [number, number]): QuantitySpec => ({ unit, accept: { [unit]: 1 }, range });
const energy: QuantitySpec = { unit: 'Wh', accept: { Wh: 1, kWh: 1000 }, range: [0, 1e12] };

export const VOCABULARY: Readonly<Record<string, QuantitySpec>> = {
  energy,
  energy_t1: energy,
  energy_t2: energy,
  energy_t3: energy,
  energy_export: energy,
  power: only('W', [-1e7, 1e7]),
  voltage_l1: only('V', [0, 1000]),
  voltage_l2: only('V', [0, 1000]),
  voltage_l3: only('V', [0, 1000]),
  current_l1: only('A', [-1e4, 1e4]),
  current_l2: only('A', [-1e4, 1e4]),
  current_l3: only('A', [-1e4, 1e4]),
  frequency: only('Hz', [0, 100]),
  power_factor: only('/', [-1, 1]),
  volume: only('m3', [0, 1e9]),
  temperature: only('Cel', [-60, 200]),
  rssi: only('dBm', [-150, 0]),
  battery: only('%EL', [0, 100]),
};

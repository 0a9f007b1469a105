/**
 * The quantity vocabulary of device protocol v1 (PROTOCOL.md): the name after the meter serial, the unit
 * it is stored in, and the units accepted with their factor to that unit. The API's GraphQL enum
 * `Quantity` has the same members in upper case; a test keeps the two in step.
 */
export interface QuantitySpec {
  /** The canonical SenML unit. */
  unit: string;
  /** Accepted units and the factor converting each to the canonical one. */
  accept: Readonly<Record<string, number>>;
}

const only = (unit: string): QuantitySpec => ({ unit, accept: { [unit]: 1 } });
const energy: QuantitySpec = { unit: 'Wh', accept: { Wh: 1, kWh: 1000 } };

export const VOCABULARY: Readonly<Record<string, QuantitySpec>> = {
  energy,
  energy_t1: energy,
  energy_t2: energy,
  energy_t3: energy,
  energy_export: energy,
  power: only('W'),
  voltage_l1: only('V'),
  voltage_l2: only('V'),
  voltage_l3: only('V'),
  current_l1: only('A'),
  current_l2: only('A'),
  current_l3: only('A'),
  frequency: only('Hz'),
  power_factor: only('/'),
  volume: only('m3'),
  temperature: only('Cel'),
  rssi: only('dBm'),
  battery: only('%EL'),
};

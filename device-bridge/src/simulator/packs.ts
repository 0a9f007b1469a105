/** What a modem of each demo meter measures at time t, and the SenML packs it sends live. */
import { COLD_WATER, energyAt, frequencyAt, HOT_WATER, jitter, powerAt, voltageAt, volumeAt, waterTemperatureAt } from './model.js';

export interface SenmlRecord {
  bn?: string;
  bt?: number;
  bu?: string;
  n?: string;
  u?: string;
  v?: number;
  t?: number;
}

/** One measured value: the quantity's SenML name (device protocol v1) and its value in the quantity's unit. */
export interface Sample {
  n: string;
  v: number;
}

export type MeterKind = 'ELECTRICITY' | 'COLD_WATER' | 'HOT_WATER';

export interface SimulatedMeter {
  serial: string;
  kind: MeterKind;
  phases?: number;
  zones?: number;
}

const UNITS: Record<string, string> = {
  energy: 'Wh', energy_t1: 'Wh', energy_t2: 'Wh', power: 'W', frequency: 'Hz', power_factor: '/',
  voltage_l1: 'V', voltage_l2: 'V', voltage_l3: 'V', current_l1: 'A', current_l2: 'A', current_l3: 'A',
  volume: 'm3', temperature: 'Cel', battery: '%EL', rssi: 'dBm',
};

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function electricitySamples(t: number, phases: number, zones: number): Sample[] {
  const p = Math.max(0, powerAt(t) + jitter(t, 1, 25));
  const pf = 0.93 + jitter(t, 3, 0.03);
  const e = energyAt(t);
  const samples: Sample[] = [{ n: 'energy', v: round(e.total, 1) }];
  if (zones >= 2) samples.push({ n: 'energy_t1', v: round(e.t1, 1) }, { n: 'energy_t2', v: round(e.t2, 1) });
  samples.push({ n: 'power', v: round(p, 1) }, { n: 'frequency', v: round(frequencyAt(t), 3) }, { n: 'power_factor', v: round(pf, 3) });
  for (let l = 1; l <= phases; l++) {
    const share = phases === 1 ? 1 : [0.5, 0.3, 0.2][l - 1];
    const u = voltageAt(t, l);
    // No voltage, no current: an interruption shows on the ammeter too.
    const i = u < 20 ? 0 : (p * share) / u / pf;
    samples.push({ n: `voltage_l${l}`, v: round(u, 1) }, { n: `current_l${l}`, v: round(i, 2) });
  }
  return samples;
}

export function waterSamples(t: number, hot: boolean): Sample[] {
  const kind = hot ? HOT_WATER : COLD_WATER;
  return [
    { n: 'volume', v: round(volumeAt(t, kind), 4) },
    { n: 'temperature', v: round(waterTemperatureAt(t, kind), 1) },
  ];
}

export function meterSamples(meter: SimulatedMeter, t: number): Sample[] {
  return meter.kind === 'ELECTRICITY' ? electricitySamples(t, meter.phases ?? 3, meter.zones ?? 2) : waterSamples(t, meter.kind === 'HOT_WATER');
}

/** The modem's own health: signal strength wandering around −75 dBm, a battery draining slowly over the months. */
export function controllerSamples(t: number): Sample[] {
  return [
    { n: 'rssi', v: Math.round(-75 + 6 * Math.sin(t / 5400) + jitter(t, 30, 3)) },
    // A year's charge: from 100 % down to about 60 %, then a fresh battery.
    { n: 'battery', v: Math.round(100 - ((t / 86_400) % 365) / 9) },
  ];
}

/** A live pack (SenML JSON style, with units): the samples of one device at t under its base name. */
export function livePack(serial: string, t: number, samples: Sample[]): SenmlRecord[] {
  return samples.map((s, i) => (i === 0 ? { bn: `${serial}:`, bt: Math.floor(t), n: s.n, u: UNITS[s.n], v: s.v } : { n: s.n, u: UNITS[s.n], v: s.v }));
}

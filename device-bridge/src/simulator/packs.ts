/** SenML packs a modem of each demo meter would send at time t. */
import { energyAt, jitter, powerAt, volumeAt } from './model.js';

export interface SenmlRecord {
  bn?: string;
  bt?: number;
  bu?: string;
  n?: string;
  u?: string;
  v?: number;
  t?: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function electricityPack(serial: string, t: number, phases: number, zones: number): SenmlRecord[] {
  const p = powerAt(t) + jitter(t, 1, 25);
  const e = energyAt(t);
  const records: SenmlRecord[] = [
    { bn: `${serial}:`, bt: Math.floor(t), n: 'energy', u: 'Wh', v: round(e.total, 1) },
    { n: 'power', u: 'W', v: round(Math.max(0, p), 1) },
    { n: 'frequency', u: 'Hz', v: round(50 + jitter(t, 2, 0.05), 3) },
    { n: 'power_factor', u: '/', v: round(0.93 + jitter(t, 3, 0.03), 3) },
  ];
  if (zones >= 2) {
    records.push({ n: 'energy_t1', u: 'Wh', v: round(e.t1, 1) }, { n: 'energy_t2', u: 'Wh', v: round(e.t2, 1) });
  }
  for (let l = 1; l <= phases; l++) {
    const share = phases === 1 ? 1 : [0.5, 0.3, 0.2][l - 1];
    const u = 230 + jitter(t, 10 + l, 4);
    records.push({ n: `voltage_l${l}`, u: 'V', v: round(u, 1) }, { n: `current_l${l}`, u: 'A', v: round((Math.max(0, p) * share) / u / 0.93, 2) });
  }
  return records;
}

export function waterPack(serial: string, t: number, hot: boolean): SenmlRecord[] {
  const volume = volumeAt(t, hot ? 80 : 150, hot ? 21.5 : 48.2);
  return [
    { bn: `${serial}:`, bt: Math.floor(t), n: 'volume', u: 'm3', v: round(volume, 4) },
    { n: 'temperature', u: 'Cel', v: round((hot ? 58 : 9) + jitter(t, hot ? 5 : 6, 1.5), 1) },
    { n: 'battery', u: '%EL', v: 87 },
  ];
}

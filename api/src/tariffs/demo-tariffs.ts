/**
 * The demo suppliers' 2026 tariffs: Moscow-like prices (close to the published Moscow levels for flats with gas
 * stoves, not an official price list), a price change on 1 July 2026 as Russian tariffs do, zone hours from DOMAIN.md.
 * The first versions start on 1 July 2025 so that the demo's year of history is priced from its first hour.
 * Prices in 1/10000 rouble (api/docs/money.md).
 */
import type { Supplier } from '../suppliers/supplier.entity.js';
import type { ElectricityVersion, WaterVersion, ZoneHours } from './pricing.js';
import { Tariff } from './tariff.entity.js';

const TWO_ZONE: ZoneHours[] = [
  { zone: 'T1', hours: [[7, 23]] },
  { zone: 'T2', hours: [[23, 7]] },
];
const THREE_ZONE: ZoneHours[] = [
  { zone: 'T1', hours: [[7, 10], [17, 21]] },
  { zone: 'T2', hours: [[10, 17], [21, 23]] },
  { zone: 'T3', hours: [[23, 7]] },
];

const flat = (effectiveFrom: string, scheme: ElectricityVersion['scheme'], zoneHours: ZoneHours[], prices: ElectricityVersion['tiers'][0]['prices']): ElectricityVersion => ({
  effectiveFrom,
  scheme,
  zoneHours,
  tiers: [{ uptoKwh: null, prices }],
  monthlyChargeKopecks: 0,
});

export const DEMO_ELECTRICITY: Array<{ name: string; versions: ElectricityVersion[] }> = [
  { name: 'Одноставочный', versions: [flat('2025-07-01', 'single', [], { T1: 97100 }), flat('2026-07-01', 'single', [], { T1: 106800 })] },
  {
    name: 'Двухзонный (день / ночь)',
    versions: [flat('2025-07-01', 'two-zone', TWO_ZONE, { T1: 111500, T2: 43700 }), flat('2026-07-01', 'two-zone', TWO_ZONE, { T1: 122700, T2: 48100 })],
  },
  {
    name: 'Трёхзонный (пик / полупик / ночь)',
    versions: [flat('2025-07-01', 'three-zone', THREE_ZONE, { T1: 116500, T2: 97100, T3: 43700 }), flat('2026-07-01', 'three-zone', THREE_ZONE, { T1: 128200, T2: 106800, T3: 48100 })],
  },
];

export const DEMO_WATER: { name: string; versions: WaterVersion[] } = {
  name: 'Холодная и горячая вода, водоотведение',
  versions: [
    { effectiveFrom: '2025-07-01', cold: 598000, hot: 2976300, sewerage: 466600, monthlyChargeKopecks: 0 },
    { effectiveFrom: '2026-07-01', cold: 663800, hot: 3303700, sewerage: 517900, monthlyChargeKopecks: 0 },
  ],
};

/** Tariff entities for the demo энергосбыт and водоканал (the caller persists them). */
export function demoTariffs(energy: Supplier, water: Supplier, at: Date): Tariff[] {
  const out: Tariff[] = [];
  for (const spec of DEMO_ELECTRICITY) {
    const t = Tariff.ofSupplier(energy, 'ELECTRICITY', spec.name, at);
    for (const v of spec.versions) t.addVersion(v, at);
    out.push(t);
  }
  const w = Tariff.ofSupplier(water, 'WATER', DEMO_WATER.name, at);
  for (const v of DEMO_WATER.versions) w.addVersion(v, at);
  out.push(w);
  return out;
}

/** Tariff entities' rules (without a database) and the demo tariffs priced by the engine. */
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Orm } from '../db/orm.js';
import { MeterKind } from '../devices/meter-kind.js';
import { Supplier, SupplierChannel } from '../suppliers/supplier.entity.js';
import { demoTariffs } from './demo-tariffs.js';
import { priceElectricity, priceWater, type ElectricityVersion, type Tariff as PricingTariff, type WaterVersion } from './pricing.js';
import { Tariff } from './tariff.entity.js';
import { TariffsService } from './tariffs.service.js';

// Entities need the ORM's metadata (Collection checks item types); a migrated SQLite file also proves the migration.
let orm: Orm;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'askue-tariffs-'));
  orm = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'db.sqlite') } as Parameters<typeof openDatabase>[0]);
});
afterAll(async () => {
  await orm.close(true);
  await rm(dir, { recursive: true, force: true });
});

const at = new Date('2026-12-01T00:00:00Z');
const moscowSupplier = { timeZone: 'Europe/Moscow' } as Supplier;

describe('Tariff entity', () => {
  it('a version on an existing date replaces it; a wrong resource or an invalid version is refused', () => {
    const t = Tariff.ofSupplier(moscowSupplier, 'ELECTRICITY', '  Одноставочный ', at);
    expect(t.name).toBe('Одноставочный');
    const v = { effectiveFrom: '2026-01-01', scheme: 'single' as const, zoneHours: [], tiers: [{ uptoKwh: null, prices: { T1: 60000 } }], monthlyChargeKopecks: 0 };
    t.addVersion(v, at);
    t.addVersion({ ...v, tiers: [{ uptoKwh: null, prices: { T1: 61000 } }] }, at);
    expect(t.versions.getItems().map((x) => [x.effectiveFrom, x.tiersJson])).toEqual([['2026-01-01', '[{"uptoKwh":null,"prices":{"T1":61000}}]']]);
    expect(() => t.addVersion({ effectiveFrom: '2026-02-01', cold: 1, hot: 1, sewerage: 1, monthlyChargeKopecks: 0 }, at)).toThrow('тарифу на электроэнергию нужны цены за кВт·ч');
    expect(() => t.addVersion({ ...v, effectiveFrom: '2026-02-30' }, at)).toThrow('не дата: 2026-02-30');
    expect(() => Tariff.ofSupplier(moscowSupplier, 'WATER', ' ', at)).toThrow('название тарифа — от 1 до 200 символов');
  });
});

describe('demo tariffs', () => {
  let single: Tariff, two: Tariff, three: Tariff, water: Tariff;
  beforeAll(async () => {
    // Stored and read back: what the engine gets comes from the database.
    const em = orm.em.fork();
    const supplier = new Supplier({ name: 'АО «Демо-Энергосбыт»', inn: '7707083893', resources: [MeterKind.ELECTRICITY], windowFirstDay: 15, windowLastDay: 25, cutoffTime: '23:30', timeZone: 'Europe/Moscow', accountPattern: '\\d{10}', accountExample: '7701234567', volumeDecimals: 3, channel: SupplierChannel.EMAIL, webhookUrl: null, email: 'a@b.demo' });
    em.persist(supplier);
    em.persist(demoTariffs(supplier, supplier, at));
    await em.flush();
    const read = await orm.em.fork().find(Tariff, {}, { populate: ['versions'], orderBy: { id: 'asc' } });
    expect(read.map((t) => [t.resource, t.versions.length])).toEqual([['ELECTRICITY', 2], ['ELECTRICITY', 2], ['ELECTRICITY', 2], ['WATER', 2]]);
    [single, two, three, water] = read as unknown as [Tariff, Tariff, Tariff, Tariff];
  });

  it('the single-rate price changes on 1 July (Moscow) and June keeps the old one', () => {
    // 1 kWh every hour. June: 720 h × 971 kop = 699 120; July: 744 h × 1068 kop = 794 592.
    const r = priceElectricity(single!.toPricing() as PricingTariff<ElectricityVersion>, { from: Date.parse('2026-05-31T21:00:00Z'), values: new Array<number>(1464).fill(1) }, 1464, 'month');
    expect(r.months.map((m) => m.kopecks)).toEqual([699_120, 794_592]);
  });

  it('two- and three-zone demo tariffs cover the day; a flat day costs what the arithmetic says', () => {
    // A June day at 1 kWh/h. Two-zone: 16 × 1115 + 8 × 437 = 17 840 + 3 496 = 21 336.
    // Three-zone: 7 × 1165 + 9 × 971 + 8 × 437 = 8 155 + 8 739 + 3 496 = 20 390.
    const day = { from: Date.parse('2026-06-09T21:00:00Z'), values: new Array<number>(24).fill(1) };
    expect(priceElectricity(two!.toPricing() as PricingTariff<ElectricityVersion>, day, 24, 'day').total.kopecks).toBe(21_336);
    expect(priceElectricity(three!.toPricing() as PricingTariff<ElectricityVersion>, day, 24, 'day').total.kopecks).toBe(20_390);
  });

  it('water: cold, hot and sewerage on both', () => {
    // A June day, cold 10 L/h (240 L), hot 5 L/h (120 L): cold 240 × 598000 = 143 520 000 → 1435;
    // hot 120 × 2976300 = 357 156 000 → 3572 (3571.56); sewerage 360 × 466600 = 167 976 000 → 1680 (1679.76). 6687.
    const r = priceWater(water!.toPricing() as PricingTariff<WaterVersion>, { from: Date.parse('2026-06-09T21:00:00Z'), cold: new Array<number>(24).fill(0.01), hot: new Array<number>(24).fill(0.005) }, 24, 'day');
    expect(r.total.kopecks).toBe(6687);
  });
});

describe('TariffsService', () => {
  it('creates, versions, refuses invalid input with a client error, and compares a supplier tariffs over hourly rows', async () => {
    const em = orm.em.fork();
    const service = new TariffsService(em);
    const supplier = new Supplier({ name: 'АО «Тест»', inn: '7707083893', resources: [MeterKind.ELECTRICITY], windowFirstDay: 15, windowLastDay: 25, cutoffTime: '23:30', timeZone: 'Europe/Moscow', accountPattern: '\\d{10}', accountExample: '7701234567', volumeDecimals: 3, channel: SupplierChannel.EMAIL, webhookUrl: null, email: 'a@b.demo' });
    em.persist(supplier);
    const single = await service.createForSupplier(supplier, 'ELECTRICITY', 'Одноставочный', at);
    await service.addVersion(single.id, { effectiveFrom: '2026-01-01', scheme: 'single', zoneHours: [], tiers: [{ uptoKwh: null, prices: { T1: 60000 } }], monthlyChargeKopecks: 0 }, at);
    const two = await service.createForSupplier(supplier, 'ELECTRICITY', 'Двухзонный', at);
    await service.addVersion(two.id, { effectiveFrom: '2026-01-01', scheme: 'two-zone', zoneHours: [{ zone: 'T1', hours: [[7, 23]] }, { zone: 'T2', hours: [[23, 7]] }], tiers: [{ uptoKwh: null, prices: { T1: 65000, T2: 23000 } }], monthlyChargeKopecks: 0 }, at);
    await expect(service.addVersion(two.id, { effectiveFrom: '2026-02-01', scheme: 'two-zone', zoneHours: [], tiers: [{ uptoKwh: null, prices: { T1: 1, T2: 1 } }], monthlyChargeKopecks: 0 }, at)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'TARIFF_INVALID' } });
    await expect(service.get(999_999)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND', reason: 'TARIFF_NOT_FOUND' } });

    const listed = await orm.em.fork().find(Tariff, { supplier: supplier.id }, { populate: ['versions'], orderBy: { name: 'asc' } });
    expect(listed.map((t) => [t.name, t.versions.length])).toEqual([['Двухзонный', 1], ['Одноставочный', 1]]);
    // One Moscow day (21:00Z…), rows out of order with the 23:00 hour absent; 1 kWh each.
    // Single: 23 × 600 = 13 800; two-zone: 16 × 650 + 7 × 230 = 12 010; saving 1 790; 23 of 24 hours.
    const from = Date.parse('2026-03-09T21:00:00Z');
    const rows = Array.from({ length: 23 }, (_, i) => ({ hour: from + (22 - i) * 3_600_000, consumption: 1 }));
    const c = service.compare(listed, rows, from, from + 24 * 3_600_000, single.id);
    expect(c.candidates.map((x) => [x.id, x.kopecks, x.pricedKopecks, x.savingKopecks])).toEqual([
      [String(two.id), null, 12_010, 1_790],
      [String(single.id), null, 13_800, 0],
    ]);
    expect([c.cheapest, c.hoursPresent, c.hoursExpected]).toEqual([String(two.id), 23, 24]);
  });
});

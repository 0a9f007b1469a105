/**
 * The pricing engine: hourly consumption + tariff versions → exact cost per interval, per zone, per bill line.
 * Pure (no ORM, no I/O); the rules are stated once in api/docs/money.md and summarised here:
 *
 * - Prices are integers in 1/10000 rouble (= 1/100 kopeck) per kWh or m³; quantities are integers in 1/1000 of the
 *   unit (Wh, litres; a line's summed quantity is rounded to that once); a line's exact cost is quantity × price in
 *   units of 1/100000 kopeck (`EXACT_PER_KOPECK`), an integer — no floating point touches money.
 * - A bill line is one quantity at one price (zone × tier × tariff version, or cold / hot / sewerage); each line is
 *   rounded half-up to whole kopecks, and an interval's cost is the sum of its rounded lines plus, for months, the
 *   fixed monthly charge. This is how a Russian bill (ЕПД) is drawn up: one rounded amount per line.
 * - A version applies from local midnight of its effective date in the tariff's time zone onwards; hours before it
 *   keep the earlier version's prices. Zone hours are local wall-clock hours of the hour's START (so on a 25-hour DST
 *   day the repeated 02:00 hour is night twice, and on a 23-hour day the skipped hour simply does not exist).
 * - Volume tiers count the month's consumption in hour order: the hour that crosses a threshold is split, the part
 *   above it priced at the next tier. The month's count carries across a mid-month version change.
 * - A missing hour (null, NaN or negative) makes its interval's cost null and `complete` false — never 0;
 *   `pricedKopecks` still gives the cost of the hours that are present (used by the tariff comparison, which prices
 *   the same hours under every tariff).
 * - The fixed monthly charge is that of the version in force at the month's first priced hour, added to month
 *   intervals and the total; a month only partly inside the period gets it pro rata by hours, rounded half-up.
 */
import { ZoneClock } from '../readings/zone-clock.js';
import { TariffRuleError, type PriceLine } from './tariff-rules.js';

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Exact cost units per kopeck: quantity (1/1000 unit) × price (1/100 kopeck per unit) = 1/100000 kopeck. */
export const EXACT_PER_KOPECK = 100_000;

export type ZoneCode = 'T1' | 'T2' | 'T3';
export type LineKind = ZoneCode | 'cold' | 'hot' | 'sewerage';
export type Scheme = 'single' | 'two-zone' | 'three-zone';
/** Intervals of the result: hours, local days or months of the tariff's zone, or given edges (whole hours, rising; a report's buckets in its own zone). */
export type Granularity = 'hour' | 'day' | 'month' | { edges: number[] };

/** Local hours [from, to) of a zone; `to` ≤ `from` wraps past midnight (23–7 is night). */
export interface ZoneHours {
  zone: ZoneCode;
  hours: Array<[number, number]>;
}

export interface Tier {
  /** Monthly consumption (whole kWh) up to which this tier's prices apply; null for the last tier. */
  uptoKwh: number | null;
  /** Price per kWh in 1/10000 rouble for each zone of the scheme (single-rate: T1 only). */
  prices: Partial<Record<ZoneCode, number>>;
}

export interface ElectricityVersion {
  /** Local date (YYYY-MM-DD) in the tariff's time zone. */
  effectiveFrom: string;
  scheme: Scheme;
  /** Zone hours of this version; ignored for single-rate. */
  zoneHours: ZoneHours[];
  /** At least one; the last has uptoKwh null. */
  tiers: Tier[];
  /** Kopecks per month. */
  monthlyChargeKopecks: number;
}

export interface WaterVersion {
  effectiveFrom: string;
  /** Per m³ in 1/10000 rouble. */
  cold: number;
  hot: number;
  sewerage: number;
  monthlyChargeKopecks: number;
}

export interface Tariff<V> {
  timeZone: string;
  versions: V[];
}

/** Hourly consumption from `from` (an hour start, UTC ms): values[i] is the hour starting at from + i h; null = missing. */
export interface HourlySeries {
  from: number;
  values: ArrayLike<number | null>;
}

export interface PricedLine {
  kind: LineKind;
  /** Index into the tariff's versions (sorted by effectiveFrom). */
  version: number;
  tier: number;
  /** Price per unit in 1/10000 rouble. */
  price: number;
  /** In 1/1000 of the unit (Wh, litres). */
  quantity: number;
  /** quantity × price, in 1/100000 kopeck. */
  exact: number;
  /** `exact` rounded half-up to kopecks. */
  kopecks: number;
}

export interface PricedInterval {
  start: number;
  end: number;
  hoursExpected: number;
  hoursPresent: number;
  complete: boolean;
  /** Per line kind: quantity (1/1000 unit) and kopecks (sum of that kind's rounded lines). */
  byKind: Partial<Record<LineKind, { quantity: number; kopecks: number }>>;
  lines: PricedLine[];
  fixedKopecks: number;
  /** Months: the whole month's fixed charge of the version in force (before any pro rata); 0 on other intervals. */
  chargeKopecks: number;
  /** Sum of rounded lines + fixed charge; null when any hour is missing or has no tariff version. */
  kopecks: number | null;
  /** The same sum over the hours present, whatever is missing. */
  pricedKopecks: number;
}

export interface PricingResult {
  intervals: PricedInterval[];
  /** The period as bills: one interval per local month (clipped to the period), fixed charges included. */
  months: PricedInterval[];
  total: { kopecks: number | null; pricedKopecks: number; hoursExpected: number; hoursPresent: number; complete: boolean };
}

export function roundHalfUp(exact: number): number {
  if (!Number.isSafeInteger(exact)) throw new RangeError(`cost out of exact range: ${exact}`);
  return exact >= 0 ? Math.floor((exact + EXACT_PER_KOPECK / 2) / EXACT_PER_KOPECK) : -Math.floor((-exact + EXACT_PER_KOPECK / 2) / EXACT_PER_KOPECK);
}

/** "12.3456" roubles → 123456 (1/10000 rouble); at most 4 decimals, no sign, no exponent. */
export function parsePrice(text: string): number {
  const m = /^(\d{1,7})(?:[.,](\d{1,4}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a price in roubles with up to 4 decimals: ${text}`);
  return Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
}

export function formatPrice(units: number): string {
  const r = Math.floor(units / 10_000);
  const f = String(units % 10_000).padStart(4, '0').replace(/0{1,2}$/, '');
  return `${r}.${f.length < 2 ? f.padEnd(2, '0') : f}`;
}

/** Zone of each local hour 0..23 for a version (index 0 = T1 …); throws when the hours do not cover the day exactly once. */
export function zoneTable(v: Pick<ElectricityVersion, 'scheme' | 'zoneHours'>): ZoneCode[] {
  if (v.scheme === 'single') return Array<ZoneCode>(24).fill('T1');
  const table: Array<ZoneCode | undefined> = Array(24).fill(undefined);
  for (const z of v.zoneHours) {
    for (const [from, to] of z.hours) {
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > 23 || to < 0 || to > 24) throw new TariffRuleError({ rule: 'ZONE_HOURS_RANGE', zone: z.zone, from, to });
      const count = (to - from + 24) % 24 || 24;
      for (let k = 0; k < count; k++) {
        const h = (from + k) % 24;
        if (table[h] !== undefined) throw new TariffRuleError({ rule: 'HOUR_IN_TWO_ZONES', hour: h });
        table[h] = z.zone;
      }
    }
  }
  const zones = v.scheme === 'two-zone' ? ['T1', 'T2'] : ['T1', 'T2', 'T3'];
  table.forEach((z, h) => {
    if (z === undefined) throw new TariffRuleError({ rule: 'HOUR_IN_NO_ZONE', hour: h });
    if (!zones.includes(z)) throw new TariffRuleError({ rule: 'ZONE_NOT_IN_SCHEME', zone: z, zones: ZONE_COUNT[v.scheme] });
  });
  return table as ZoneCode[];
}

/** Throws a RangeError with a readable message when a version cannot be priced. */
export function validateElectricityVersion(v: ElectricityVersion): void {
  parseDate(v.effectiveFrom);
  zoneTable(v);
  const zones: ZoneCode[] = v.scheme === 'single' ? ['T1'] : v.scheme === 'two-zone' ? ['T1', 'T2'] : ['T1', 'T2', 'T3'];
  if (!v.tiers.length) throw new TariffRuleError({ rule: 'PRICES_REQUIRED' });
  let last = 0;
  v.tiers.forEach((t, i) => {
    const isLast = i === v.tiers.length - 1;
    if (isLast !== (t.uptoKwh === null)) throw new TariffRuleError({ rule: 'OPEN_TIER_NOT_LAST' });
    if (t.uptoKwh !== null && (!Number.isInteger(t.uptoKwh) || t.uptoKwh <= last)) throw new TariffRuleError({ rule: 'TIER_BOUNDS' });
    last = t.uptoKwh ?? last;
    for (const z of zones) checkPrice(t.prices[z], z);
  });
  checkKopecks(v.monthlyChargeKopecks);
}

export function validateWaterVersion(v: WaterVersion): void {
  parseDate(v.effectiveFrom);
  checkPrice(v.cold, 'cold');
  checkPrice(v.hot, 'hot');
  checkPrice(v.sewerage, 'sewerage');
  checkKopecks(v.monthlyChargeKopecks);
}

function checkPrice(p: number | undefined, line: PriceLine): void {
  if (p === undefined || !Number.isSafeInteger(p) || p < 0 || p > 100_000_000) throw new TariffRuleError({ rule: 'PRICE_INVALID', line });
}
function checkKopecks(k: number): void {
  if (!Number.isSafeInteger(k) || k < 0) throw new TariffRuleError({ rule: 'CHARGE_INVALID' });
}
function parseDate(d: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  const parts = m ? ([Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number]) : null;
  if (!parts || new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])).getUTCDate() !== parts[2]) throw new TariffRuleError({ rule: 'DATE_INVALID', date: d });
  return parts;
}

/** One hour's contribution: per line kind a quantity (1/1000 unit) at a price; `tier` distinguishes volume tiers. */
type Emit = (kind: LineKind, tier: number, price: number, quantity: number) => void;

interface Kind<V> {
  /** Quantities of hour i, or null when missing. */
  hour(i: number): number[] | null;
  price(v: V, versionIndex: number, localHour: number, q: number[], month: { quantity: number }, emit: Emit): void;
  charge(v: V): number;
}

class Bucket {
  readonly lines = new Map<number, PricedLine>();
  hoursPresent = 0;
  hoursExpected = 0;
  missing = false;
  fixedKopecks = 0;
  chargeKopecks = 0;
  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  add(kind: LineKind, version: number, tier: number, price: number, quantity: number): void {
    const key = KIND_INDEX[kind] + 8 * tier + 1024 * version;
    let line = this.lines.get(key);
    if (!line) this.lines.set(key, (line = { kind, version, tier, price, quantity: 0, exact: 0, kopecks: 0 }));
    line.quantity += quantity;
  }

  finish(): PricedInterval {
    const lines = [...this.lines.values()].sort((a, b) => KIND_INDEX[a.kind] - KIND_INDEX[b.kind] || a.version - b.version || a.tier - b.tier);
    const byKind: PricedInterval['byKind'] = {};
    let sum = this.fixedKopecks;
    for (const l of lines) {
      // A line's quantity is rounded once, to whole Wh / litres (so that a day priced from its hours and a day
      // priced from its rollup's zone sums agree to the kopeck).
      l.quantity = Math.round(l.quantity);
      l.exact = l.quantity * l.price;
      l.kopecks = roundHalfUp(l.exact);
      sum += l.kopecks;
      const k = (byKind[l.kind] ??= { quantity: 0, kopecks: 0 });
      k.quantity += l.quantity;
      k.kopecks += l.kopecks;
    }
    const complete = !this.missing && this.hoursPresent === this.hoursExpected;
    return { start: this.start, end: this.end, hoursExpected: this.hoursExpected, hoursPresent: this.hoursPresent, complete, byKind, lines, fixedKopecks: this.fixedKopecks, chargeKopecks: this.chargeKopecks, kopecks: complete ? sum : null, pricedKopecks: sum };
  }
}

const ZONE_COUNT: Record<Scheme, number> = { single: 1, 'two-zone': 2, 'three-zone': 3 };
const KIND_INDEX: Record<LineKind, number> = { T1: 0, T2: 1, T3: 2, cold: 3, hot: 4, sewerage: 5 };

function versionStarts<V extends { effectiveFrom: string }>(tariff: Tariff<V>, clock: ZoneClock): { versions: V[]; starts: number[] } {
  const versions = [...tariff.versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  const starts = versions.map((v) => {
    const [y, m, d] = parseDate(v.effectiveFrom);
    return clock.fromWall(Date.UTC(y, m - 1, d));
  });
  return { versions, starts };
}

function run<V extends { effectiveFrom: string }>(tariff: Tariff<V>, from: number, hours: number, granularity: Granularity, kind: Kind<V>): PricingResult {
  if (from % HOUR_MS !== 0) throw new RangeError('the series must start at a whole hour');
  const clock = ZoneClock.of(tariff.timeZone);
  const { versions, starts } = versionStarts(tariff, clock);
  const to = from + hours * HOUR_MS;
  const intervals: PricedInterval[] = [];
  const months: PricedInterval[] = [];
  let month: Bucket | null = null;
  let monthFull = { start: 0, end: 0 };
  let monthUse = { quantity: 0 };
  let chargeVersion = -1;
  let interval: Bucket | null = null;
  let dayIndex = NaN;
  let dayStart = 0;
  let vi = -1;
  const edges = typeof granularity === 'object' ? granularity.edges : null;
  if (edges && (edges[0] !== from || edges[edges.length - 1] !== to)) throw new RangeError('the edges must span the series');
  let edge = 0;

  const closeMonth = () => {
    if (!month) return;
    if (chargeVersion >= 0) {
      const charge = kind.charge(versions[chargeVersion]!);
      month.chargeKopecks = charge;
      const fullHours = (monthFull.end - monthFull.start) / HOUR_MS;
      // Pro rata by hours for a month cut by the period, rounded half-up: floor((2·c·h + H) / 2H).
      month.fixedKopecks = month.hoursExpected === fullHours ? charge : Math.floor((2 * charge * month.hoursExpected + fullHours) / (2 * fullHours));
    }
    const m = month.finish();
    months.push(m);
    if (granularity === 'month') intervals.push(m);
  };

  // One emitter for all hours (no closure per hour): it adds to the current month and interval.
  const cur: { m: Bucket | null; iv: Bucket | null; version: number } = { m: null, iv: null, version: 0 };
  const emit: Emit = (k, tier, price, quantity) => {
    cur.m!.add(k, cur.version, tier, price, quantity);
    cur.iv?.add(k, cur.version, tier, price, quantity);
  };

  for (let i = 0; i < hours; i++) {
    const t = from + i * HOUR_MS;
    const wall = clock.wall(t);
    const localHour = Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
    const di = Math.floor(wall / DAY_MS);
    if (di !== dayIndex) {
      const newDay = clock.startOfDay(t);
      if (!month || t >= month.end) {
        closeMonth();
        const ms = clock.startOfMonth(t);
        monthFull = { start: ms, end: clock.nextMonth(ms) };
        month = new Bucket(Math.max(ms, from), Math.min(monthFull.end, to));
        monthUse = { quantity: 0 };
        chargeVersion = -1;
      }
      dayIndex = di;
      dayStart = newDay;
      if (granularity === 'day') {
        if (interval) intervals.push(interval.finish());
        interval = new Bucket(Math.max(dayStart, from), Math.min(clock.nextDay(dayStart), to));
      }
    }
    if (granularity === 'hour') {
      if (interval) intervals.push(interval.finish());
      interval = new Bucket(t, t + HOUR_MS);
    } else if (edges && (!interval || t >= interval.end)) {
      if (interval) intervals.push(interval.finish());
      while (edges[edge + 1]! <= t) edge++;
      interval = new Bucket(edges[edge]!, edges[edge + 1]!);
    }
    while (vi + 1 < starts.length && starts[vi + 1]! <= t) vi++;
    const m = month!;
    const iv = granularity === 'month' ? null : interval!;
    m.hoursExpected++;
    if (iv) iv.hoursExpected++;
    const q = vi < 0 ? null : kind.hour(i);
    if (q === null) {
      m.missing = true;
      if (iv) iv.missing = true;
      continue;
    }
    if (chargeVersion < 0) chargeVersion = vi;
    m.hoursPresent++;
    if (iv) iv.hoursPresent++;
    cur.m = m;
    cur.iv = iv;
    cur.version = vi;
    kind.price(versions[vi]!, vi, localHour, q, monthUse, emit);
  }
  if (granularity !== 'month' && interval) intervals.push(interval.finish());
  closeMonth();

  let kopecks: number | null = 0;
  let pricedKopecks = 0;
  let hoursPresent = 0;
  for (const m of months) {
    kopecks = kopecks === null || m.kopecks === null ? null : kopecks + m.kopecks;
    pricedKopecks += m.pricedKopecks;
    hoursPresent += m.hoursPresent;
  }
  return { intervals, months, total: { kopecks, pricedKopecks, hoursExpected: hours, hoursPresent, complete: kopecks !== null } };
}

/** 1/1000 of the unit (not rounded: lines round their sums), or null when the hour cannot be priced. */
function milli(v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v) || v < 0) return null;
  return v * 1000;
}

export function priceElectricity(tariff: Tariff<ElectricityVersion>, series: HourlySeries, hours: number, granularity: Granularity): PricingResult {
  const tables = new Map<ElectricityVersion, ZoneCode[]>();
  const thresholds = new Map<ElectricityVersion, number[]>();
  for (const v of tariff.versions) {
    tables.set(v, zoneTable(v));
    thresholds.set(v, v.tiers.map((t) => (t.uptoKwh === null ? Infinity : t.uptoKwh * 1000)));
  }
  return run(tariff, series.from, hours, granularity, {
    hour: (i) => {
      const q = milli(series.values[i]);
      return q === null ? null : [q];
    },
    price: (v, _vi, localHour, q, month, emit) => {
      const zone = tables.get(v)![localHour]!;
      const limits = thresholds.get(v)!;
      let rest = q[0]!;
      let tier = 0;
      do {
        while (tier < limits.length - 1 && month.quantity >= limits[tier]!) tier++;
        const take = Math.min(rest, limits[tier]! - month.quantity);
        emit(zone, tier, v.tiers[tier]!.prices[zone]!, take);
        month.quantity += take;
        rest -= take;
      } while (rest > 0);
    },
    charge: (v) => v.monthlyChargeKopecks,
  });
}

/** Cold and hot water of the same place; either may be absent (then it is not priced and not counted missing). */
export function priceWater(tariff: Tariff<WaterVersion>, series: { from: number; cold?: ArrayLike<number | null>; hot?: ArrayLike<number | null> }, hours: number, granularity: Granularity): PricingResult {
  return run(tariff, series.from, hours, granularity, {
    hour: (i) => {
      const c = series.cold ? milli(series.cold[i]) : 0;
      const h = series.hot ? milli(series.hot[i]) : 0;
      return c === null || h === null ? null : [c, h];
    },
    price: (v, _vi, _h, q, _m, emit) => {
      if (series.cold) emit('cold', 0, v.cold, q[0]!);
      if (series.hot) emit('hot', 0, v.hot, q[1]!);
      emit('sewerage', 0, v.sewerage, q[0]! + q[1]!);
    },
    charge: (v) => v.monthlyChargeKopecks,
  });
}

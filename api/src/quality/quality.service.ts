/**
 * Power quality of electricity meters: series of voltage, current, frequency and power factor at a chosen
 * aggregation, and the weekly compliance report against EN 50160 and ГОСТ 32144-2013:
 * - supply voltage: 10-minute mean RMS within ±10 % of nominal — EN 50160 for 95 % of the week,
 *   ГОСТ 32144-2013 for 100 % of the week;
 * - frequency: ГОСТ 32144-2013 ±0.2 Hz for 95 % and ±0.4 Hz for 100 % of the week; EN 50160 ±1 % (49.5–50.5 Hz)
 *   for 99.5 % of a year (judged here over the week, as the data at hand allows);
 * - events from individual readings: dips below 90 % of nominal, swells above 110 %, interruptions below 5 %.
 * Means are taken over whatever readings fall in each 10-minute interval; intervals without readings are
 * counted as missing, not as compliant. A verdict needs at least MIN_COVERAGE of the week's intervals measured;
 * with fewer it is null ("not enough data"), and the report says how many were measured.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { DateTime } from 'luxon';
import { visibleAt, type MeterAccess } from '../devices/access.service.js';
import { MeterKind } from '../devices/meter-kind.js';
import { UserInputError, because } from '../errors/client-errors.js';
import { Quantity } from '../readings/quantity.js';
import { HOUR_MS } from '../readings/registers.js';
import type { ReportService } from '../reports/reports.service.js';
import { isTimeZone } from '../reports/time-buckets.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { REQUIREMENTS } from './requirements.js';

export const Aggregation = graphqlEnum('Aggregation', 'RAW readings, or min/max/average per minute, 10 minutes or hour.', ['RAW', 'MINUTE', 'TEN_MINUTES', 'HOUR']);
export type Aggregation = EnumValue<typeof Aggregation>;

const STEP_MS: Record<Aggregation, number> = { RAW: 0, MINUTE: 60_000, TEN_MINUTES: 600_000, HOUR: HOUR_MS };
/** Raw points a series may carry; above it the client is asked for a coarser aggregation. */
export const MAX_SERIES_POINTS = 20_000;
/** Raw rows read to aggregate one series (a month of one-minute data). */
const MAX_RAW_ROWS = 50_000;
const TEN_MINUTES = 600_000;
/**
 * Share of the week's 10-minute intervals that must be measured before a norm is judged: 95 %. Below it the
 * unmeasured part of the week is larger than EN 50160's whole allowance (5 % of the week out of band), so the
 * intervals nobody measured could decide the verdict by themselves.
 */
export const MIN_COVERAGE = 0.95;

export const QUALITY_QUANTITIES = [
  Quantity.VOLTAGE_L1, Quantity.VOLTAGE_L2, Quantity.VOLTAGE_L3,
  Quantity.CURRENT_L1, Quantity.CURRENT_L2, Quantity.CURRENT_L3,
  Quantity.FREQUENCY, Quantity.POWER_FACTOR, Quantity.POWER,
];

export interface SeriesPoint {
  time: Date;
  min: number;
  max: number;
  average: number;
  count: number;
}

export const QualityEventKind = graphqlEnum('QualityEventKind', undefined, {
  DIP: 'Voltage below 90 % of nominal (and above 5 %).',
  SWELL: 'Voltage above 110 % of nominal.',
  INTERRUPTION: 'Voltage below 5 % of nominal.',
});
export type QualityEventKind = EnumValue<typeof QualityEventKind>;

/** The requirements of the two norms the weekly report judges, as stable codes (clients word them). */
export const NormRequirement = graphqlEnum('NormRequirement', 'A requirement of a power-quality norm the weekly report judges; clients word it in their language (`requirement` is the Russian wording).', {
  EN50160_VOLTAGE: 'EN 50160: 10-minute mean voltage within ±10 % of nominal for 95 % of the week.',
  EN50160_FREQUENCY: 'EN 50160: frequency within 50 Hz ± 1 % for 99.5 % of the time (judged over the week).',
  GOST32144_VOLTAGE: 'ГОСТ 32144-2013: 10-minute mean voltage within ±10 % of nominal for 100 % of the week.',
  GOST32144_FREQUENCY_02: 'ГОСТ 32144-2013: frequency within 50 ± 0.2 Hz for 95 % of the week.',
  GOST32144_FREQUENCY_04: 'ГОСТ 32144-2013: frequency within 50 ± 0.4 Hz for 100 % of the week.',
});
export type NormRequirement = EnumValue<typeof NormRequirement>;

/** Each requirement's norm and its Russian words (NormVerdict's `norm` and `requirement`). */
REQUIREMENTS satisfies Record<NormRequirement, { norm: string; requirement: string }>;

export interface QualityEvent {
  kind: QualityEventKind;
  phase: number;
  start: Date;
  end: Date;
  extreme: number;
}

const toMs = (v: Date | number | string) => new Date(v).getTime();

export class QualityService {
  constructor(
    private readonly em: EntityManager,
    private readonly reports: ReportService,
  ) {}

  private async raw(access: MeterAccess, quantity: string, from: number, to: number, limit: number) {
    const platform = this.em.getPlatform();
    const rows = await this.em.getConnection().execute<Array<{ time: Date | number; value: number }>>(
      `select time, value from reading where meter_id = ? and quantity = ? and time >= ? and time < ? order by time limit ${limit + 1}`,
      [access.meter.id, quantity, platform.processDateProperty(new Date(from)), platform.processDateProperty(new Date(to))],
    );
    if (rows.length > limit) throw new UserInputError(because('TOO_MANY_POINTS'), 'aggregation');
    return rows.map((r) => ({ time: toMs(r.time), value: Number(r.value) })).filter((r) => visibleAt(access, r.time));
  }

  async series(access: MeterAccess, quantities: Quantity[], from: Date, to: Date, aggregation: Aggregation): Promise<Array<{ quantity: Quantity; points: SeriesPoint[] }>> {
    const f = from.getTime();
    const t = to.getTime();
    if (!(t > f)) throw new UserInputError(because('PERIOD_END_BEFORE_START'), 'to');
    const out = [];
    for (const quantity of quantities) {
      if (aggregation === Aggregation.HOUR) {
        const rows = await this.reports.hours(access.meter.id, [quantity], Math.floor(f / HOUR_MS) * HOUR_MS, t);
        const points = rows
          .filter((r) => r.count > 0 && access.periods.some((p) => r.hour >= p.from && (p.to === null || r.hour + HOUR_MS <= p.to)))
          .map((r) => ({ time: new Date(r.hour), min: r.min!, max: r.max!, average: r.sum! / r.count, count: r.count }));
        out.push({ quantity, points });
        continue;
      }
      const raw = await this.raw(access, quantity, f, t, aggregation === Aggregation.RAW ? MAX_SERIES_POINTS : MAX_RAW_ROWS);
      if (aggregation === Aggregation.RAW) {
        out.push({ quantity, points: raw.map((r) => ({ time: new Date(r.time), min: r.value, max: r.value, average: r.value, count: 1 })) });
        continue;
      }
      out.push({ quantity, points: aggregate(raw, STEP_MS[aggregation]) });
    }
    return out;
  }

  /** The compliance report of the week (Monday to Monday in `timeZone`) containing `weekOf`. */
  async compliance(access: MeterAccess, weekOf: Date, timeZone: string, nominal = 230) {
    if (access.meter.kind !== MeterKind.ELECTRICITY) throw new UserInputError(because('QUALITY_ELECTRICITY_ONLY'), 'meterId');
    if (!isTimeZone(timeZone)) throw new UserInputError(because('TIME_ZONE_UNKNOWN'), 'timeZone');
    if (!(nominal > 0 && nominal <= 1000)) throw new UserInputError(because('NOMINAL_VOLTAGE_RANGE', { min: 1, max: 1000 }), 'nominalVoltage');
    const start = DateTime.fromJSDate(weekOf, { zone: timeZone }).startOf('week');
    const from = start.toMillis();
    const to = start.plus({ weeks: 1 }).toMillis();
    const expected = Math.round((to - from) / TEN_MINUTES);
    const minimum = Math.ceil(expected * MIN_COVERAGE);

    const phases = [];
    const events: QualityEvent[] = [];
    for (let phase = 1; phase <= Math.max(1, access.meter.phases); phase++) {
      const raw = await this.raw(access, `voltage_l${phase}`, from, to, MAX_RAW_ROWS);
      const means = aggregate(raw, TEN_MINUTES);
      const within = means.filter((m) => Math.abs(m.average - nominal) <= 0.1 * nominal).length;
      phases.push({
        phase,
        measuredIntervals: means.length,
        withinTenPercent: means.length ? within / means.length : null,
        min: raw.length ? Math.min(...raw.map((r) => r.value)) : null,
        max: raw.length ? Math.max(...raw.map((r) => r.value)) : null,
      });
      events.push(...detectEvents(raw, phase, nominal));
    }
    const f = aggregate(await this.raw(access, 'frequency', from, to, MAX_RAW_ROWS), TEN_MINUTES);
    const share = (ok: (v: number) => boolean) => (f.length ? f.filter((m) => ok(m.average)).length / f.length : null);
    const frequency = {
      measuredIntervals: f.length,
      within02Hz: share((v) => Math.abs(v - 50) <= 0.2),
      within04Hz: share((v) => Math.abs(v - 50) <= 0.4),
      within1Percent: share((v) => Math.abs(v - 50) <= 0.5),
    };
    // Voltage is judged on the phase measured least: a verdict about the supply is only as good as its weakest phase.
    const voltageMeasured = Math.min(...phases.map((p) => p.measuredIntervals));
    const worstVoltage = voltageMeasured > 0 ? Math.min(...phases.map((p) => p.withinTenPercent!)) : null;
    const verdict = (value: number | null, threshold: number, measuredIntervals: number) =>
      value === null || measuredIntervals < minimum ? null : value >= threshold - 1e-12;
    const voltageNorm = (code: NormRequirement, threshold: number) => ({
      code,
      ...REQUIREMENTS[code],
      met: verdict(worstVoltage, threshold, voltageMeasured),
      measuredIntervals: voltageMeasured,
    });
    const frequencyNorm = (code: NormRequirement, share: number | null, threshold: number) => ({
      code,
      ...REQUIREMENTS[code],
      met: verdict(share, threshold, frequency.measuredIntervals),
      measuredIntervals: frequency.measuredIntervals,
    });
    const norms = [
      voltageNorm(NormRequirement.EN50160_VOLTAGE, 0.95),
      frequencyNorm(NormRequirement.EN50160_FREQUENCY, frequency.within1Percent, 0.995),
      voltageNorm(NormRequirement.GOST32144_VOLTAGE, 1),
      frequencyNorm(NormRequirement.GOST32144_FREQUENCY_02, frequency.within02Hz, 0.95),
      frequencyNorm(NormRequirement.GOST32144_FREQUENCY_04, frequency.within04Hz, 1),
    ];
    return { from: new Date(from), to: new Date(to), nominalVoltage: nominal, expectedIntervals: expected, minimumIntervals: minimum, phases, frequency, events, norms };
  }
}

/** Min, max and mean of the values in each `step`-long bucket (aligned to the epoch, so to UTC hours). */
export function aggregate(points: Array<{ time: number; value: number }>, step: number): SeriesPoint[] {
  const buckets = new Map<number, { min: number; max: number; sum: number; count: number }>();
  for (const p of points) {
    const key = Math.floor(p.time / step) * step;
    const b = buckets.get(key);
    if (!b) buckets.set(key, { min: p.value, max: p.value, sum: p.value, count: 1 });
    else {
      if (p.value < b.min) b.min = p.value;
      if (p.value > b.max) b.max = p.value;
      b.sum += p.value;
      b.count++;
    }
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, b]) => ({ time: new Date(time), min: b.min, max: b.max, average: b.sum / b.count, count: b.count }));
}

/** Consecutive readings outside the limits make one event, lasting until the first reading back inside. */
export function detectEvents(points: Array<{ time: number; value: number }>, phase: number, nominal: number): QualityEvent[] {
  const kindOf = (v: number): QualityEventKind | null =>
    v < 0.05 * nominal ? QualityEventKind.INTERRUPTION : v < 0.9 * nominal ? QualityEventKind.DIP : v > 1.1 * nominal ? QualityEventKind.SWELL : null;
  const events: QualityEvent[] = [];
  let open: QualityEvent | null = null;
  for (const p of points) {
    const kind = kindOf(p.value);
    if (open && kind !== open.kind) {
      open.end = new Date(p.time);
      events.push(open);
      open = null;
    }
    if (kind && !open) open = { kind, phase, start: new Date(p.time), end: new Date(p.time), extreme: p.value };
    else if (kind && open) {
      open.end = new Date(p.time);
      open.extreme = kind === QualityEventKind.SWELL ? Math.max(open.extreme, p.value) : Math.min(open.extreme, p.value);
    }
  }
  if (open) events.push(open);
  return events;
}

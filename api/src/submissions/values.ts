/**
 * The values a submission sends: the register readings at an instant (the latest reading not after it, never
 * interpolated), at the supplier's precision — whole kWh per tariff zone, m³ to N decimals — truncated as a
 * meter's display shows them, and written as exact decimal strings.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { MeterKind } from '../devices/meter-kind.js';
import type { Meter } from '../devices/meter.entity.js';
import { Reading } from '../readings/reading.entity.js';
import type { SubmittedValue } from './submission.entity.js';

/** A register whose latest reading is older than this at the cut-off is stale: never sent, the customer is asked. */
export const STALE_AFTER_MS = 48 * 3_600_000;

export interface Register {
  register: string;
  quantity: string;
  unit: 'kWh' | 'm3';
}

export function registersOf(meter: Pick<Meter, 'kind' | 'zones'>): Register[] {
  if (meter.kind !== MeterKind.ELECTRICITY) return [{ register: 'VOLUME', quantity: 'volume', unit: 'm3' }];
  if (meter.zones <= 1) return [{ register: 'TOTAL', quantity: 'energy', unit: 'kWh' }];
  return Array.from({ length: meter.zones }, (_, i) => ({ register: `T${i + 1}`, quantity: `energy_t${i + 1}`, unit: 'kWh' as const }));
}

/** Truncates a non-negative value to `decimals` as a decimal string (the float's 6-decimal form is cut, not rounded up). */
export function truncate(value: number, decimals: number): string {
  const [whole, fraction = ''] = value.toFixed(6).split('.');
  return decimals ? `${whole}.${fraction.slice(0, decimals)}` : whole;
}

export interface TakenValues {
  values: SubmittedValue[];
  /** The oldest register's reading time. */
  readingTime: Date;
  stale: boolean;
}

/** The registers at `at`, or null when a register has no reading at all before it. */
export async function valuesAt(em: EntityManager, meter: Meter, volumeDecimals: number, at: Date): Promise<TakenValues | null> {
  const values: SubmittedValue[] = [];
  let oldest = Infinity;
  for (const r of registersOf(meter)) {
    const reading = await em.findOne(Reading, { meter: meter.id, quantity: r.quantity, time: { $lte: at } }, { orderBy: { time: 'desc' } });
    if (!reading) return null;
    oldest = Math.min(oldest, reading.time.getTime());
    const value = r.unit === 'kWh' ? truncate(reading.value / 1000, 0) : truncate(reading.value, volumeDecimals);
    values.push({ register: r.register, value, unit: r.unit });
  }
  return { values, readingTime: new Date(oldest), stale: at.getTime() - oldest > STALE_AFTER_MS };
}

/** Checks values a customer typed: every register once, a non-negative decimal at the supplier's precision. */
export function customerValues(meter: Meter, volumeDecimals: number, input: Array<{ register: string; value: string }>): SubmittedValue[] | { bad: string; register?: string } {
  const expected = registersOf(meter);
  const out: SubmittedValue[] = [];
  for (const r of expected) {
    const given = input.filter((v) => v.register === r.register);
    if (given.length !== 1) return { bad: 'REGISTERS', register: r.register };
    const decimals = r.unit === 'kWh' ? 0 : volumeDecimals;
    const pattern = decimals ? new RegExp(`^\\d{1,9}(\\.\\d{1,${decimals}})?$`) : /^\d{1,9}$/;
    const text = given[0].value.trim().replace(',', '.');
    if (!pattern.test(text)) return { bad: 'VALUE_FORMAT', register: r.register };
    out.push({ register: r.register, value: decimals ? Number(text).toFixed(decimals) : String(Number(text)), unit: r.unit });
  }
  if (input.length !== expected.length) return { bad: 'REGISTERS' };
  return out;
}

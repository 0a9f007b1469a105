/**
 * Money as the API gives it: integer kopecks as a decimal string (exact in every client, past 2^53 too), the same
 * amount in roubles as a decimal string, and the currency. Never a Float (api/docs/money.md).
 */
import { Field, ObjectType } from 'type-graphql';
import { UserInputError, because } from '../errors/client-errors.js';

export const CURRENCY = 'RUB';

// A plain value resolved by graphql-js's own field resolver (see ZoneConsumption in reports/report.types.ts).
@ObjectType({ description: 'An exact amount of money: integer kopecks (as a decimal string) and the same in roubles ("1234.56").', simpleResolvers: true })
export class Money {
  @Field(() => String, { description: 'Integer kopecks as a decimal string, e.g. "123456" (exact; do arithmetic on this).' })
  kopecks!: string;

  @Field(() => String, { description: 'Roubles with two decimals, e.g. "1234.56" (for display).' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217 currency code: RUB.' })
  currency!: string;
}

/** Kopecks → «123.45»; negative amounts (a saving may be negative) keep their sign. */
export function roubles(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const k = Math.abs(kopecks);
  return `${sign}${Math.floor(k / 100)}.${String(k % 100).padStart(2, '0')}`;
}

export function money(kopecks: number): Money;
export function money(kopecks: number | null): Money | null;
export function money(kopecks: number | null): Money | null {
  if (kopecks === null) return null;
  return { kopecks: String(kopecks), amount: roubles(kopecks), currency: CURRENCY };
}

/** «150», «150.5», «150,50» roubles → kopecks; throws the reason the form shows next to `field`. */
export function parseRoubles(text: string, field: string): number {
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new UserInputError(because('AMOUNT_FORMAT'), field);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

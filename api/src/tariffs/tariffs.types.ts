/**
 * Tariffs and cost as GraphQL shows them. Prices are decimal strings of roubles (up to four decimals: "6.4300"),
 * amounts are Money (exact kopecks); nothing about money is a Float. The conversion to and from the pricing
 * engine's integers is here, with the input checks a form can show next to its field.
 */
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UserInputError, because } from '../errors/client-errors.js';
import { Meter } from '../devices/meter.entity.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { ForecastMethod } from './cost.service.js';
import { Money, money, parseRoubles } from './money.js';
import { formatPrice, parsePrice, type ElectricityVersion, type Scheme, type WaterVersion, type ZoneCode } from './pricing.js';
import { Tariff, type TariffVersion as TariffVersionEntity } from './tariff.entity.js';

export enum TariffScheme {
  SINGLE = 'single',
  TWO_ZONE = 'two-zone',
  THREE_ZONE = 'three-zone',
}
registerEnumType(TariffScheme, {
  name: 'TariffScheme',
  valuesConfig: {
    SINGLE: { description: 'Single-rate: one price around the clock.' },
    TWO_ZONE: { description: 'Two zones: T1 day, T2 night.' },
    THREE_ZONE: { description: 'Three zones: T1 peak, T2 half-peak, T3 night.' },
  },
});

export const TariffResource = graphqlEnum('TariffResource', 'ELECTRICITY (per kWh) or WATER (cold, hot and sewerage per m³).', ['ELECTRICITY', 'WATER']);
export type TariffResource = EnumValue<typeof TariffResource>;

@ObjectType({ description: 'Local hours [from, to) of a day; to ≤ from wraps past midnight (23–7 is night).' })
@InputType('HourRangeInput')
export class HourRange {
  @Field(() => Int)
  from!: number;

  @Field(() => Int)
  to!: number;
}

@ObjectType({ description: 'The local hours of one tariff zone.' })
export class TariffZoneHours {
  @Field(() => Int, { description: '1 = T1, 2 = T2, 3 = T3.' })
  zone!: number;

  @Field(() => [HourRange])
  hours!: HourRange[];
}

@InputType()
export class TariffZoneHoursInput {
  @Field(() => Int)
  zone!: number;

  @Field(() => [HourRange])
  hours!: HourRange[];
}

@ObjectType({ description: 'A price per kWh of one zone, in roubles.' })
export class ZonePrice {
  @Field(() => Int)
  zone!: number;

  @Field(() => String, { description: 'Roubles per kWh, up to four decimals ("6.43").' })
  price!: string;
}

@InputType()
export class ZonePriceInput {
  @Field(() => Int)
  zone!: number;

  @Field(() => String, { description: 'Roubles per kWh, up to four decimals; a comma is accepted ("6,43").' })
  price!: string;
}

@ObjectType({ description: 'Prices per zone up to a monthly consumption (volume tiers); the last tier has no upper bound.' })
export class TariffTier {
  @Field(() => Int, { nullable: true, description: 'Monthly consumption in whole kWh up to which these prices apply; null for the last tier.' })
  uptoKwh!: number | null;

  @Field(() => [ZonePrice])
  prices!: ZonePrice[];
}

@InputType()
export class TariffTierInput {
  @Field(() => Int, { nullable: true })
  uptoKwh!: number | null;

  @Field(() => [ZonePriceInput])
  prices!: ZonePriceInput[];
}

@ObjectType({ description: 'The prices of a tariff from a date on (local to the tariff’s zone). Earlier hours keep the earlier version’s prices.' })
export class TariffVersion {
  @Field(() => String, { description: 'YYYY-MM-DD: prices the hours from local midnight of this date on.' })
  effectiveFrom!: string;

  @Field(() => TariffScheme, { nullable: true, description: 'Electricity only.' })
  scheme!: TariffScheme | null;

  @Field(() => [TariffZoneHours], { description: 'Electricity with zones: the hours of each zone.' })
  zoneHours!: TariffZoneHours[];

  @Field(() => [TariffTier], { description: 'Electricity: prices per zone, one tier without volume tiers.' })
  tiers!: TariffTier[];

  @Field(() => String, { nullable: true, description: 'Water: roubles per m³ of cold water.' })
  coldPrice!: string | null;

  @Field(() => String, { nullable: true, description: 'Water: roubles per m³ of hot water.' })
  hotPrice!: string | null;

  @Field(() => String, { nullable: true, description: 'Water: roubles per m³ of sewerage (водоотведение), on cold + hot.' })
  seweragePrice!: string | null;

  @Field(() => Money, { description: 'Fixed charge per month.' })
  monthlyCharge!: Money;
}

@InputType({ description: 'A tariff version: electricity needs scheme and tiers (zoneHours default to the usual hours); water needs the three prices.' })
export class TariffVersionInput {
  @Field(() => String, { description: 'YYYY-MM-DD, local to the tariff’s zone. A version on an existing date replaces it.' })
  effectiveFrom!: string;

  @Field(() => TariffScheme, { nullable: true })
  scheme?: TariffScheme | null;

  @Field(() => [TariffZoneHoursInput], { nullable: true, description: 'Default: two zones T1 07–23, T2 23–07; three zones T1 07–10 & 17–21, T2 10–17 & 21–23, T3 23–07.' })
  zoneHours?: TariffZoneHoursInput[] | null;

  @Field(() => [TariffTierInput], { nullable: true })
  tiers?: TariffTierInput[] | null;

  @Field(() => String, { nullable: true })
  coldPrice?: string | null;

  @Field(() => String, { nullable: true })
  hotPrice?: string | null;

  @Field(() => String, { nullable: true })
  seweragePrice?: string | null;

  @Field(() => String, { nullable: true, description: 'Roubles per month, e.g. "150" or "150,50"; default 0.' })
  monthlyCharge?: string | null;
}

const ZONES: ZoneCode[] = ['T1', 'T2', 'T3'];
export const DEFAULT_ZONE_HOURS: Record<'two-zone' | 'three-zone', Array<{ zone: ZoneCode; hours: Array<[number, number]> }>> = {
  'two-zone': [
    { zone: 'T1', hours: [[7, 23]] },
    { zone: 'T2', hours: [[23, 7]] },
  ],
  'three-zone': [
    { zone: 'T1', hours: [[7, 10], [17, 21]] },
    { zone: 'T2', hours: [[10, 17], [21, 23]] },
    { zone: 'T3', hours: [[23, 7]] },
  ],
};

const price = (text: string | null | undefined, field: string): number => {
  try {
    return parsePrice(text ?? '');
  } catch {
    throw new UserInputError(because('PRICE_FORMAT'), field);
  }
};

/** The input as the engine's version; throws the reason a form shows next to the field. */
export function versionSpec(input: TariffVersionInput, resource: TariffResource): ElectricityVersion | WaterVersion {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effectiveFrom)) throw new UserInputError(because('TARIFF_DATE_FORMAT'), 'effectiveFrom');
  const monthlyChargeKopecks = input.monthlyCharge ? parseRoubles(input.monthlyCharge, 'monthlyCharge') : 0;
  if (resource === TariffResource.WATER) {
    if (!input.coldPrice || !input.hotPrice || !input.seweragePrice) throw new UserInputError(because('TARIFF_WATER_PRICES_REQUIRED'), 'coldPrice');
    return { effectiveFrom: input.effectiveFrom, cold: price(input.coldPrice, 'coldPrice'), hot: price(input.hotPrice, 'hotPrice'), sewerage: price(input.seweragePrice, 'seweragePrice'), monthlyChargeKopecks };
  }
  if (!input.scheme || !input.tiers?.length) throw new UserInputError(because('TARIFF_SCHEME_REQUIRED'), 'scheme');
  const scheme = input.scheme as Scheme;
  const zoneHours =
    scheme === 'single' ? [] : input.zoneHours?.length ? input.zoneHours.map((z) => ({ zone: ZONES[z.zone - 1] ?? ('T?' as ZoneCode), hours: z.hours.map((h) => [h.from, h.to] as [number, number]) })) : DEFAULT_ZONE_HOURS[scheme];
  const tiers = input.tiers.map((t, i) => ({
    uptoKwh: t.uptoKwh ?? null,
    prices: Object.fromEntries(t.prices.map((p) => [ZONES[p.zone - 1] ?? 'T?', price(p.price, `tiers.${i}.prices.${p.zone}`)])),
  }));
  return { effectiveFrom: input.effectiveFrom, scheme, zoneHours, tiers, monthlyChargeKopecks };
}

/** A stored version as GraphQL shows it. */
export function versionView(v: TariffVersionEntity): TariffVersion {
  const spec = v.toPricing();
  if ('scheme' in spec) {
    return {
      effectiveFrom: spec.effectiveFrom,
      scheme: spec.scheme as TariffScheme,
      zoneHours: spec.zoneHours.map((z) => ({ zone: ZONES.indexOf(z.zone) + 1, hours: z.hours.map(([from, to]) => ({ from, to })) })),
      tiers: spec.tiers.map((t) => ({ uptoKwh: t.uptoKwh, prices: Object.entries(t.prices).map(([z, p]) => ({ zone: ZONES.indexOf(z as ZoneCode) + 1, price: formatPrice(p!) })) })),
      coldPrice: null,
      hotPrice: null,
      seweragePrice: null,
      monthlyCharge: money(spec.monthlyChargeKopecks),
    };
  }
  return {
    effectiveFrom: spec.effectiveFrom,
    scheme: null,
    zoneHours: [],
    tiers: [],
    coldPrice: formatPrice(spec.cold),
    hotPrice: formatPrice(spec.hot),
    seweragePrice: formatPrice(spec.sewerage),
    monthlyCharge: money(spec.monthlyChargeKopecks),
  };
}

@ObjectType({ description: 'Cost of the meter as of now, in the tariff’s time zone.' })
export class CostOverview {
  @Field(() => Tariff)
  tariff!: Tariff;

  @Field(() => Money, { nullable: true, description: 'Today so far (the hours with data).' })
  today!: Money | null;

  @Field(() => Money, { nullable: true, description: 'This month so far (the hours with data), without the fixed monthly charge.' })
  monthToDate!: Money | null;

  @Field(() => Boolean, { description: 'Every hour of the month so far had data.' })
  monthToDateComplete!: boolean;

  @Field(() => Money, { nullable: true, description: 'The month’s expected cost by `forecastMethod`; null until a whole day of the last seven has data.' })
  forecast!: Money | null;

  @Field(() => ForecastMethod)
  forecastMethod!: ForecastMethod;

  @Field(() => Int, { description: 'Whole days (of the last seven) the forecast’s average was taken from.' })
  forecastDays!: number;

  @Field(() => Date)
  monthStart!: Date;

  @Field(() => Date)
  monthEnd!: Date;

  @Field(() => String)
  timeZone!: string;
}

@ObjectType({ description: 'One month of a tariff’s cost in a comparison.' })
export class CostMonth {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Money, { nullable: true, description: 'Null when an hour of the month has no data.' })
  cost!: Money | null;

  @Field(() => Money, { description: 'The hours with data.' })
  pricedCost!: Money;

  @Field(() => Boolean)
  complete!: boolean;
}

@ObjectType({ description: 'What the meter’s hours would have cost under one tariff.' })
export class TariffCandidate {
  @Field(() => Tariff)
  tariff!: Tariff;

  @Field(() => TariffScheme, { nullable: true, description: 'The scheme of the version in force at the end of the period.' })
  scheme!: TariffScheme | null;

  @Field(() => Money, { nullable: true, description: 'Null unless every hour of the period has data.' })
  cost!: Money | null;

  @Field(() => Money, { description: 'The hours with data (the same hours for every candidate).' })
  pricedCost!: Money;

  @Field(() => Money, { nullable: true, description: 'The current tariff’s cost minus this one’s on the hours with data: positive means this tariff would have been cheaper. Null without a current tariff.' })
  saving!: Money | null;

  @Field(() => [CostMonth])
  months!: CostMonth[];
}

@ObjectType({ description: 'Which electricity tariff would have been cheapest for this meter’s own hours.' })
export class TariffComparison {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Int)
  hoursExpected!: number;

  @Field(() => Int)
  hoursPresent!: number;

  @Field(() => Float, { description: 'hoursPresent / hoursExpected, 0–1.' })
  completeness!: number;

  @Field(() => Tariff, { nullable: true, description: 'The tariff the meter is billed at now (the savings are against it).' })
  current!: Tariff | null;

  @Field(() => Tariff, { nullable: true, description: 'The cheapest candidate on the hours with data; null without data.' })
  cheapest!: Tariff | null;

  @Field(() => [TariffCandidate])
  candidates!: TariffCandidate[];
}

@ObjectType({ description: 'One meter’s money in an account month.' })
export class MeterMonthCost {
  @Field(() => Meter)
  meter!: Meter;

  @Field(() => Money, { nullable: true, description: 'Null when the meter has no tariff or no data that month.' })
  cost!: Money | null;

  @Field(() => Boolean)
  complete!: boolean;
}

@ObjectType({ description: 'The account’s money in one month (the current one so far), by resource.' })
export class AccountMonthCost {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Money, { nullable: true })
  electricity!: Money | null;

  @Field(() => Money, { nullable: true })
  coldWater!: Money | null;

  @Field(() => Money, { nullable: true })
  hotWater!: Money | null;

  @Field(() => Money, { nullable: true, description: 'Водоотведение: on the cold and hot water of the month, a line of its own.' })
  sewerage!: Money | null;

  @Field(() => Money, { description: 'Fixed monthly charges (each tariff’s once).' })
  fixedCharges!: Money;

  @Field(() => Money, { nullable: true, description: 'Null when no meter had a tariff and data.' })
  total!: Money | null;

  @Field(() => Boolean, { description: 'The month is over and every priced meter had data every hour.' })
  complete!: boolean;

  @Field(() => [MeterMonthCost])
  meters!: MeterMonthCost[];
}

import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Quantity } from '../readings/quantity.js';
import { Aggregation, NormRequirement, QualityEventKind } from '../quality/quality.service.js';
import { Reading } from '../readings/reading.type.js';
import { Money } from '../tariffs/money.js';
import { Tariff } from '../tariffs/tariff.entity.js';
import { Connection, PageInfo } from '../schema/connection.js';
import { Resolution } from './time-buckets.js';

/**
 * The report's plain value types resolve with graphql-js's own field resolver (`simpleResolvers`): type-graphql's
 * default wraps every field in a middleware runner, paid per field of every interval — a daily report of a year with
 * cost has ≈ 5,000 such fields (tests/bench/reports.ts). They hold plain values only: no middleware, no getters.
 */
@ObjectType({ simpleResolvers: true })
export class ZoneConsumption {
  @Field(() => Int, { description: '1-based tariff zone.' })
  zone!: number;

  @Field(() => String, { description: 'T1 день / T2 ночь, or T1 пик / T2 полупик / T3 ночь.' })
  name!: string;

  @Field(() => Float, { nullable: true, description: 'Null when there is no data for the zone in the interval (never 0 for missing data).' })
  consumption!: number | null;

  @Field(() => Money, { nullable: true, description: 'Cost of the zone’s consumption, when the meter’s tariff has the meter’s zones; null otherwise or when the interval is not complete.' })
  cost?: Money | null;
}

@ObjectType({ description: 'Consumption in one report interval [from, to).', simpleResolvers: true })
export class ConsumptionInterval {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Float, { nullable: true, description: 'Null when there is no data in the interval — never 0 for missing data.' })
  consumption!: number | null;

  @Field(() => String, { description: 'kWh for electricity, m3 for water.' })
  unit!: string;

  @Field(() => [ZoneConsumption], { description: 'Per tariff zone, for multi-zone electricity meters (empty otherwise).' })
  zones!: ZoneConsumption[];

  @Field(() => Boolean, {
    description: 'Every hour of the interval is covered by readings at most an hour apart, visible to the viewer, and free of register resets.',
  })
  complete!: boolean;

  @Field(() => Money, {
    nullable: true,
    description:
      'Cost of the interval at the meter’s tariff (months include the fixed monthly charge). Null when the interval is not complete or an hour of it has no price — never 0 for missing data — or the meter has no tariff.',
  })
  cost?: Money | null;

  @Field(() => Money, { nullable: true, description: 'Cost of the hours with data: equals `cost` when complete, a lower bound otherwise; null without data or tariff.' })
  pricedCost?: Money | null;
}

@ObjectType({ description: 'A consumption report as a Relay connection of intervals.' })
export class ConsumptionConnection extends Connection('Consumption', ConsumptionInterval) {
  @Field(() => Int, { description: 'Intervals in the whole report (all pages).' })
  totalCount!: number;

  @Field(() => Float, { nullable: true, description: 'Sum over all intervals with data (all pages); null when none has data.' })
  total!: number | null;

  @Field(() => Boolean, { description: 'Every interval of the report is complete.' })
  complete!: boolean;

  @Field(() => String)
  unit!: string;

  @Field(() => String)
  timeZone!: string;

  @Field(() => Money, { nullable: true, description: 'Cost of the whole report (all pages, fixed monthly charges pro rata); null when an interval is not complete or without a tariff.' })
  totalCost?: Money | null;

  @Field(() => Money, { nullable: true, description: 'Cost of the hours with data over the whole report.' })
  pricedTotalCost?: Money | null;

  @Field(() => Tariff, { nullable: true, description: 'The tariff the report is priced at; null when the meter has none (then every cost is null).' })
  tariff?: Tariff | null;
}

@ObjectType({ description: 'A stretch without readings, longer than 2.5 reporting intervals; never later than now (what is still to come is not missing).' })
export class Gap {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;
}

@ObjectType({ description: 'Statistics of one quantity over a period.' })
export class QuantityStatistics {
  @Field(() => Quantity)
  quantity!: Quantity;

  @Field(() => String)
  unit!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Float)
  min!: number;

  @Field(() => Float)
  max!: number;

  @Field(() => Float)
  average!: number;

  @Field(() => Reading, { nullable: true })
  first!: Reading | null;

  @Field(() => Reading, { nullable: true })
  last!: Reading | null;

  @Field(() => Float, { nullable: true, description: 'Registers (energy, volume): consumption over the period in the quantity’s unit; null for other quantities.' })
  consumption!: number | null;

  @Field(() => [Gap])
  gaps!: Gap[];
}

@ObjectType()
export class SeriesPoint {
  @Field(() => Date, { description: 'Start of the aggregation interval (or the reading time for RAW).' })
  time!: Date;

  @Field(() => Float)
  min!: number;

  @Field(() => Float)
  max!: number;

  @Field(() => Float)
  average!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class Series {
  @Field(() => Quantity)
  quantity!: Quantity;

  @Field(() => String)
  unit!: string;

  @Field(() => [SeriesPoint])
  points!: SeriesPoint[];
}

@ObjectType()
export class PhaseVoltageCompliance {
  @Field(() => Int)
  phase!: number;

  @Field(() => Int, { description: '10-minute intervals with at least one reading.' })
  measuredIntervals!: number;

  @Field(() => Float, { nullable: true, description: 'Share (0–1) of measured intervals whose mean is within ±10 % of nominal; null without data.' })
  withinTenPercent!: number | null;

  @Field(() => Float, { nullable: true })
  min!: number | null;

  @Field(() => Float, { nullable: true })
  max!: number | null;
}

@ObjectType()
export class FrequencyCompliance {
  @Field(() => Int)
  measuredIntervals!: number;

  @Field(() => Float, { nullable: true, description: 'Share within 50 ± 0.2 Hz (ГОСТ 32144-2013, 95 %).' })
  within02Hz!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share within 50 ± 0.4 Hz (ГОСТ 32144-2013, 100 %).' })
  within04Hz!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share within 50 Hz ± 1 % (EN 50160).' })
  within1Percent!: number | null;
}

@ObjectType()
export class PowerQualityEvent {
  @Field(() => QualityEventKind)
  kind!: QualityEventKind;

  @Field(() => Int)
  phase!: number;

  @Field(() => Date)
  start!: Date;

  @Field(() => Date, { description: 'The first reading back within limits (or the last reading outside them).' })
  end!: Date;

  @Field(() => Float, { description: 'Lowest voltage of a dip or interruption, highest of a swell.' })
  extreme!: number;
}

@ObjectType()
export class NormVerdict {
  @Field(() => NormRequirement)
  code!: NormRequirement;

  @Field(() => String, { description: 'EN 50160 or ГОСТ 32144-2013.' })
  norm!: string;

  @Field(() => String, { description: 'The requirement in Russian words; `code` names it for clients in other languages.' })
  requirement!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Null when there is not enough data to judge: fewer than the report’s minimumIntervals of the week’s 10-minute intervals measured.',
  })
  met!: boolean | null;

  @Field(() => Int, { description: '10-minute intervals of the week measured for this requirement (for voltage, those of the phase measured least).' })
  measuredIntervals!: number;
}

@ObjectType({ description: 'Weekly supply-quality compliance (Monday to Monday in the report’s time zone).' })
export class QualityReport {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => Float)
  nominalVoltage!: number;

  @Field(() => Int, { description: '10-minute intervals in the week (1008).' })
  expectedIntervals!: number;

  @Field(() => Int, { description: '10-minute intervals that must be measured before a requirement is judged: 95 % of the week (958 of 1008).' })
  minimumIntervals!: number;

  @Field(() => [PhaseVoltageCompliance])
  phases!: PhaseVoltageCompliance[];

  @Field(() => FrequencyCompliance)
  frequency!: FrequencyCompliance;

  @Field(() => [PowerQualityEvent])
  events!: PowerQualityEvent[];

  @Field(() => [NormVerdict])
  norms!: NormVerdict[];
}

export { Aggregation, PageInfo, Resolution };

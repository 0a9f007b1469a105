import { Arg, Ctx, Field, Float, ID, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../composition.js';
import { requireViewer } from '../accounts/guards.js';
import { liveValue, surfaceOutages, type Outage } from './outages.js';
import type { ReadingEvent } from '../pubsub/pubsub.js';
import type { Measurement } from './live.service.js';
import { Reading } from '../readings/reading.type.js';

@ObjectType({ description: 'The state of an electricity meter right after a new reading: what Tibber calls a live measurement.' })
export class LiveMeasurement {
  @Field(() => ID)
  meterId!: string;

  @Field(() => Date, { description: 'Time of the newest reading in this snapshot.' })
  time!: Date;

  @Field(() => Float, { nullable: true, description: 'Active power, W.' })
  power!: number | null;

  @Field(() => [Float], { nullable: 'items', description: 'RMS voltage per phase (L1, L2, L3), V; null for a phase without a reading.' })
  voltage!: Array<number | null>;

  @Field(() => [Float], { nullable: 'items', description: 'RMS current per phase, A.' })
  current!: Array<number | null>;

  @Field(() => Float, { nullable: true })
  powerFactor!: number | null;

  @Field(() => Float, { nullable: true, description: 'Hz.' })
  frequency!: number | null;

  @Field(() => Float, { nullable: true, description: 'Energy since local midnight (the account’s time zone), kWh.' })
  consumptionToday!: number | null;

  @Field(() => [Reading], { description: 'The newest value of each energy register: total, per tariff zone, export.' })
  registers!: Reading[];
}

const phases = (m: Measurement, prefix: string) => [1, 2, 3].map((l) => m.values.get(`${prefix}_l${l}`)?.value ?? null);

@Resolver()
export class LiveResolver {
  @Subscription(() => Reading, {
    description:
      "Each new reading of the viewer's meters as it is stored: all of them (meters bound later join, unbound ones leave), or only `meterIds`. With `since` (at most 24 hours back) the readings stored since then come first, then the stream continues live with nothing lost or doubled. Asking for a meter that is not the viewer's is FORBIDDEN. The socket is pinged every 12 s.",
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      return ctx.services.live.readings$(requireViewer(ctx).account, args.meterIds as string[] | undefined, args.since as Date | undefined).then(surfaceOutages);
    },
  })
  readingAdded(
    @Root() root: ReadingEvent | Outage,
    @Arg('meterIds', () => [ID], { nullable: true }) _meterIds?: string[],
    @Arg('since', () => Date, { nullable: true }) _since?: Date,
  ): Reading {
    return Reading.from(liveValue(root));
  }

  @Subscription(() => LiveMeasurement, {
    description:
      'Snapshots of one electricity meter after each pack of readings: power, voltage and current per phase, power factor, frequency, consumption since midnight, register values. Resumable with `since` like readingAdded.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const principal = requireViewer(ctx);
      return ctx.services.live.measurements$(principal.account, args.meterId as string, principal.account.timeZone, args.since as Date | undefined).then(surfaceOutages);
    },
  })
  liveMeasurement(
    @Root() root: Measurement | Outage,
    @Arg('meterId', () => ID) _meterId: string,
    @Arg('since', () => Date, { nullable: true }) _since?: Date,
  ): LiveMeasurement {
    const m = liveValue(root);
    const reading = (e: ReadingEvent) => Reading.from(e);
    return {
      meterId: String(m.meterId),
      time: new Date(m.time),
      power: m.values.get('power')?.value ?? null,
      voltage: phases(m, 'voltage'),
      current: phases(m, 'current'),
      powerFactor: m.values.get('power_factor')?.value ?? null,
      frequency: m.values.get('frequency')?.value ?? null,
      consumptionToday: m.consumptionTodayKwh,
      registers: ['energy', 'energy_t1', 'energy_t2', 'energy_t3', 'energy_export'].flatMap((q) => (m.values.get(q) ? [reading(m.values.get(q)!)] : [])),
    };
  }
}

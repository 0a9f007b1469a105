import { Arg, Ctx, Field, Float, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../composition.js';
import { requireBridge } from '../accounts/guards.js';
import { PackStatus, tally, type PackOutcome } from './ingest.service.js';

/**
 * One CoAP request's readings, column by column: reading i is (meters[i], quantities[i], times[i], values[i]).
 * Columns instead of an object per reading because graphql-js coerces every input object field by field: at
 * 100,000 readings/s the object form cost the API a fifth of its time before a row was written (see
 * tests/bench/SCALING.md). Lists of scalars are coerced in a tight loop and travel as a third of the JSON.
 *
 * What one pack may hold is deliberately loose here — quantities as strings, nulls among times and values (a
 * non-finite number becomes null in JSON): anything graphql-js refuses while coercing the variables fails the
 * whole batch, every modem in it included. The service refuses such a pack alone (INVALID).
 */
@InputType({ description: 'The readings of one CoAP request, column by column (reading i is meters[i], quantities[i], times[i], values[i]), already decoded and converted to canonical units by the bridge, with the device token it was sent with. A pack that cannot be stored is answered INVALID on its own; the other packs of the call are not affected.' })
export class ReadingPackInput {
  @Field(() => String)
  token!: string;

  @Field(() => [String], { description: 'Meter serial of each reading (the SenML base name without its colon).' })
  meters!: string[];

  @Field(() => [String], { description: 'Quantity of each reading: a name of the enum Quantity (e.g. VOLTAGE_L1). Any other string makes the pack INVALID.' })
  quantities!: string[];

  @Field(() => [Float], { nullable: 'items', description: 'Measurement time of each reading, epoch milliseconds. A null makes the pack INVALID.' })
  times!: Array<number | null>;

  @Field(() => [Float], { nullable: 'items', description: 'Value of each reading in the canonical unit of its quantity. A null makes the pack INVALID.' })
  values!: Array<number | null>;
}

@ObjectType()
export class PackResult implements PackOutcome {
  @Field(() => PackStatus)
  status!: PackStatus;

  @Field(() => Int, { description: 'Readings stored by this call.' })
  stored!: number;

  @Field(() => Int, { description: 'Readings that were already stored (a retransmission or a repeated pack).' })
  duplicates!: number;

  @Field(() => String, { nullable: true, description: 'Short diagnostic for FORBIDDEN and INVALID.' })
  message!: string | null;
}

@Resolver()
export class IngestResolver {
  @Mutation(() => [PackResult], {
    description:
      'For device bridges only (service credential). Stores the packs of many CoAP requests in one transaction and answers one result per pack, in order, after the commit. STORAGE_UNAVAILABLE when the database cannot take them.',
  })
  async ingestReadings(@Arg('packs', () => [ReadingPackInput]) packs: ReadingPackInput[], @Ctx() ctx: Context): Promise<PackResult[]> {
    requireBridge(ctx);
    const results = await ctx.services.ingest.ingest(packs);
    const { stored, duplicates } = tally(results);
    ctx.deps.metrics.readings.inc({ outcome: 'stored' }, stored);
    ctx.deps.metrics.readings.inc({ outcome: 'duplicate' }, duplicates);
    return results;
  }
}

import { Arg, Ctx, Field, Float, InputType, Int, Mutation, ObjectType, Resolver, registerEnumType } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { requireBridge } from '../graphql/guards.js';
import { PackStatus, type Pack, type PackOutcome } from './ingest.service.js';
import { Quantity } from './quantity.js';

registerEnumType(PackStatus, { name: 'PackStatus', description: 'What became of one pack (one CoAP request).' });

@InputType({ description: 'One reading of a pack, already decoded and converted to the canonical unit by the bridge.' })
export class PackReadingInput {
  @Field(() => String, { description: 'Meter serial (the SenML base name without its colon).' })
  meter!: string;

  @Field(() => Quantity)
  quantity!: Quantity;

  @Field(() => Float, { description: 'Measurement time, epoch milliseconds.' })
  time!: number;

  @Field(() => Float)
  value!: number;
}

@InputType({ description: 'The readings of one CoAP request, with the device token it was sent with.' })
export class PackInput {
  @Field(() => String)
  token!: string;

  @Field(() => [PackReadingInput])
  readings!: PackReadingInput[];
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
  async ingestReadings(@Arg('packs', () => [PackInput]) packs: PackInput[], @Ctx() ctx: Context): Promise<PackResult[]> {
    requireBridge(ctx);
    const results = await ctx.services.ingest.ingest(packs as Pack[]);
    let stored = 0;
    let duplicates = 0;
    for (const r of results) {
      stored += r.stored;
      duplicates += r.duplicates;
    }
    ctx.deps.metrics.readings.inc({ outcome: 'stored' }, stored);
    ctx.deps.metrics.readings.inc({ outcome: 'duplicate' }, duplicates);
    return results;
  }
}

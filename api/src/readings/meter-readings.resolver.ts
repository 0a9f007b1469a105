import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Meter } from '../devices/meter.entity.js';
import type { Context } from '../composition.js';
import { Reading } from './reading.type.js';

@Resolver(() => Meter)
export class MeterReadingsResolver {
  @FieldResolver(() => [Reading], {
    description: 'The newest value of each quantity the meter reports, taken while it was bound to the viewer.',
  })
  async lastReadings(@Root() meter: Meter, @Ctx() ctx: Context): Promise<Reading[]> {
    const access = ctx.principal && (await ctx.services.access.accessTo(ctx.principal.account, meter.id));
    return access ? ctx.services.readings.lastReadings(access) : [];
  }
}

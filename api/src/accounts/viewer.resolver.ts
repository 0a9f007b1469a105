import { Arg, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Meter } from '../devices/meter.entity.js';
import type { Context } from '../composition.js';
import { Account } from './account.entity.js';

@ObjectType({ description: 'The signed-in account and what it can see.' })
export class Viewer {
  @Field(() => Account)
  account!: Account;
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { nullable: true, description: 'The signed-in account; null when signed out.' })
  viewer(@Ctx() ctx: Context): Viewer | null {
    return ctx.principal ? Object.assign(new Viewer(), { account: ctx.principal.account }) : null;
  }

  @FieldResolver(() => Meter, { nullable: true, description: 'One of the viewer’s meters; null when it is not theirs (or does not exist).' })
  async meter(@Root() viewer: Viewer, @Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Meter | null> {
    return (await ctx.services.access.accessTo(viewer.account, Number(id)))?.meter ?? null;
  }

  @FieldResolver(() => [Meter], { description: 'Meters bound to the account now, directly or through their controller.' })
  async meters(@Root() viewer: Viewer, @Ctx() ctx: Context): Promise<Meter[]> {
    return (await ctx.services.access.metersOf(viewer.account)).map((a) => a.meter);
  }
}

import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { requireViewer } from '../graphql/guards.js';
import type { ReadingEvent } from '../pubsub/pubsub.js';
import { Reading } from './reading.type.js';

@Resolver()
export class LiveResolver {
  @Subscription(() => Reading, {
    description:
      "Each new reading of the viewer's meters as it is stored: all of them, or only `meterIds`. Asking for a meter that is not the viewer's is FORBIDDEN.",
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      return ctx.services.readings.subscribe(requireViewer(ctx).account, args.meterIds as string[] | undefined);
    },
  })
  readingAdded(
    @Root() event: ReadingEvent,
    @Arg('meterIds', () => [ID], { nullable: true }) _meterIds?: string[],
  ): Reading {
    return Reading.from(event);
  }
}

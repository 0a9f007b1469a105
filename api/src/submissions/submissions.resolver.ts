import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../accounts/account.entity.js';
import { Meter } from '../devices/meter.entity.js';
import type { Context } from '../composition.js';
import { ForbiddenError, because } from '../errors/client-errors.js';
import { requireOperator, requireViewer } from '../accounts/guards.js';
import { liveValue, surfaceOutages, type Outage } from '../live/outages.js';
import type { SubmissionEvent } from '../pubsub/pubsub.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import { Submission, SubmissionStatus } from './submission.entity.js';
import { cursorOf, type Page } from './submissions.service.js';
import { RegisterValueInput, SubmissionConnection } from './submissions.types.js';
import { registersOf } from './values.js';

export function connection(page: Page<Submission>): SubmissionConnection {
  const edges = page.nodes.map((node) => ({ cursor: cursorOf(node.id), node }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

@Resolver()
export class SubmissionsResolver {
  @Mutation(() => SupplierLink, { description: 'Links the viewer’s meter to a supplier under a лицевой счёт (checked against the supplier’s format); submissions start.' })
  linkSupplierAccount(
    @Arg('meterId', () => ID) meterId: string,
    @Arg('supplierId', () => ID) supplierId: string,
    @Arg('accountNumber', () => String) accountNumber: string,
    @Arg('agree', () => Boolean, { description: 'The customer agrees that readings are sent to this supplier.' }) agree: boolean,
    @Ctx() ctx: Context,
  ): Promise<SupplierLink> {
    return ctx.services.submissions.link(requireViewer(ctx), Number(meterId), Number(supplierId), accountNumber, agree);
  }

  @Mutation(() => Boolean, { description: 'Stops submissions of a link; what was sent stays in the history.' })
  unlinkSupplierAccount(@Arg('linkId', () => ID) linkId: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.submissions.unlink(requireViewer(ctx), Number(linkId));
  }

  @Mutation(() => Submission, { description: '«Передать сейчас»: this period’s submission with the latest readings, inside the supplier’s window.' })
  submitReadingsNow(@Arg('linkId', () => ID) linkId: string, @Ctx() ctx: Context): Promise<Submission> {
    return ctx.services.submissions.submitNow(requireViewer(ctx), Number(linkId));
  }

  @Mutation(() => Submission, { description: 'Values read off the meter by the customer, when the meter has no fresh readings; sent marked as entered by the customer.' })
  enterSubmissionValues(
    @Arg('linkId', () => ID) linkId: string,
    @Arg('values', () => [RegisterValueInput]) values: RegisterValueInput[],
    @Ctx() ctx: Context,
  ): Promise<Submission> {
    return ctx.services.submissions.enterValues(requireViewer(ctx), Number(linkId), values);
  }

  @Query(() => SubmissionConnection, { description: 'Operators: a supplier’s submissions, newest first; narrowed to a period (YYYY-MM) and a status. SUPPLIER_NOT_FOUND for no such supplier.' })
  async supplierSubmissions(
    @Arg('supplierId', () => ID) supplierId: string,
    @Arg('period', () => String, { nullable: true }) period: string | null,
    @Arg('status', () => SubmissionStatus, { nullable: true }) status: SubmissionStatus | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<SubmissionConnection> {
    requireOperator(ctx);
    return connection(await ctx.services.submissions.ofSupplier(Number(supplierId), period, status, first, after));
  }

  @Mutation(() => Submission, { description: 'Operators: sends a submission again (the same body; the same Idempotency-Key, except after a rejection) while the window is open.' })
  resendSubmission(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Submission> {
    requireOperator(ctx);
    return ctx.services.submissions.resend(Number(id));
  }

  @Subscription(() => Submission, {
    description: 'Status changes of the viewer’s submissions (sending, delivered, accepted, rejected, failed); `meterId` narrows to one meter.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const principal = requireViewer(ctx);
      // A customer's own submissions; operators follow a supplier's through supplierSubmissions.
      if (principal.account.role === Role.OPERATOR) throw new ForbiddenError(because('OPERATOR_SUBMISSIONS_ELSEWHERE'));
      const meterId = args.meterId ? Number(args.meterId) : null;
      if (meterId !== null) {
        const meter = await ctx.services.access.meter(meterId);
        if (!meter) throw new ForbiddenError(because('METER_FORBIDDEN'));
        await ctx.services.access.forViewer(principal, meter);
      }
      const source = ctx.deps.pubSub.subscribe('submission', principal.account.id);
      return surfaceOutages(
        (async function* () {
          for await (const e of source) if (meterId === null || e.meterId === meterId) yield e;
        })(),
      );
    },
  })
  async submissionUpdated(@Root() root: SubmissionEvent | Outage, @Arg('meterId', () => ID, { nullable: true }) _meterId: string | null, @Ctx() ctx: Context): Promise<Submission> {
    const e = liveValue(root);
    return ctx.services.submissions.current(e.submissionId);
  }
}

@Resolver(() => SupplierLink)
export class SupplierLinkResolver {
  @FieldResolver(() => Date, { description: 'When the next submission is made (the cut-off of the next period with nothing sent yet).' })
  nextSubmissionAt(@Root() link: SupplierLink, @Ctx() ctx: Context): Promise<Date> {
    return ctx.services.submissions.nextSubmissionAt(link);
  }

  @FieldResolver(() => Boolean, { description: 'The supplier takes readings now: «Передать сейчас» is possible.' })
  windowOpen(@Root() link: SupplierLink, @Ctx() ctx: Context): boolean {
    return ctx.services.submissions.windowOpen(link);
  }

  @FieldResolver(() => [String], { description: 'The registers a submission of this meter carries (T1, T2, … / TOTAL / VOLUME).' })
  async registers(@Root() link: SupplierLink, @Ctx() ctx: Context): Promise<string[]> {
    const meter = await ctx.services.submissions.meterOf(link);
    return registersOf(meter).map((r) => r.register);
  }

  @FieldResolver(() => SubmissionConnection, { description: 'What was submitted under this account, newest first.' })
  async submissions(
    @Root() link: SupplierLink,
    @Arg('first', () => Int, { defaultValue: 12 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<SubmissionConnection> {
    return connection(await ctx.services.submissions.historyOf(link, first, after));
  }
}

@Resolver(() => Meter)
export class MeterSupplierLinksResolver {
  @FieldResolver(() => [SupplierLink], { description: 'The viewer’s supplier accounts this meter’s readings are submitted to.' })
  async supplierLinks(@Root() meter: Meter, @Ctx() ctx: Context): Promise<SupplierLink[]> {
    const principal = ctx.principal;
    if (!principal || principal.account.role === Role.OPERATOR) return [];
    return ctx.services.submissions.linksOf(principal, meter);
  }
}

@Resolver(() => Submission)
export class SubmissionFieldsResolver {
  @FieldResolver(() => String, { description: 'The meter’s serial number.' })
  meterSerial(@Root() s: Submission): string {
    return s.meter.serial;
  }
}

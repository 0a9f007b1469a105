import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Account, Role } from '../accounts/account.entity.js';
import { Viewer } from '../accounts/viewer.resolver.js';
import type { Context } from '../composition.js';
import { requireOperator, requireViewer } from '../accounts/guards.js';
import { liveValue, surfaceOutages, type Outage } from '../live/outages.js';
import { OPERATORS, type SupportMessageEvent } from '../pubsub/pubsub.js';
import { pick } from './contacts.js';
import { CallbackRequest, Feedback, SupportAttachment, SupportMessage, SupportThread, ThreadStatus } from './support.entities.js';

@ObjectType()
export class ContactPhone {
  @Field(() => String)
  label!: string;

  @Field(() => String)
  number!: string;
}

@ObjectType({ description: 'How to reach the operator (phones, email, hours), from its configuration.' })
export class Contacts {
  @Field(() => [ContactPhone])
  phones!: ContactPhone[];

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  hours!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;
}

@InputType()
export class CallbackInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  phone!: string;

  @Field(() => String, { nullable: true })
  topic?: string | null;

  @Field(() => String, { nullable: true, description: 'A solved ALTCHA challenge (see captchaChallenge); not asked of a signed-in cabinet session.' })
  captcha?: string | null;
}

@InputType()
export class FeedbackInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'An email address or a phone number to answer to.' })
  contact!: string;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true, description: 'A solved ALTCHA challenge (see captchaChallenge); not asked of a signed-in cabinet session.' })
  captcha?: string | null;
}

@Resolver()
export class SupportResolver {
  @Query(() => Contacts, { description: 'The operator’s contacts. `language`: ru (default) or en.' })
  contacts(@Arg('language', () => String, { defaultValue: 'ru' }) language: string, @Ctx() ctx: Context): Contacts {
    const c = ctx.deps.contacts;
    return {
      phones: c.phones.map((p) => ({ label: pick(p.label, language)!, number: p.number })),
      email: c.email ?? null,
      hours: pick(c.hours, language),
      address: pick(c.address, language),
    };
  }

  @Mutation(() => CallbackRequest, { description: '«Консультация»: a callback within an hour. Public, with a captcha unless signed in; limited per address and phone.' })
  requestCallback(@Arg('input', () => CallbackInput) input: CallbackInput, @Ctx() ctx: Context): Promise<CallbackRequest> {
    return ctx.services.support.requestCallback(input, ctx.client, ctx.principal);
  }

  @Mutation(() => Boolean, { description: 'The feedback form: stored and emailed to the support mailbox. Public, with a captcha unless signed in.' })
  async sendFeedback(@Arg('input', () => FeedbackInput) input: FeedbackInput, @Ctx() ctx: Context): Promise<boolean> {
    await ctx.services.support.sendFeedback(input, ctx.client, ctx.principal);
    return true;
  }

  @Query(() => [CallbackRequest], { description: 'Operators: the callback queue (pending, oldest first) or the done ones.' })
  callbackRequests(@Arg('pending', () => Boolean, { defaultValue: true }) pending: boolean, @Ctx() ctx: Context): Promise<CallbackRequest[]> {
    requireOperator(ctx);
    return ctx.services.support.callbacks(pending);
  }

  @Query(() => [Feedback], { description: 'Operators: the feedback form’s messages, newest first. `after`: the id of the last one seen, for the older ones.' })
  feedbackMessages(
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => ID, { nullable: true }) after: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<Feedback[]> {
    requireOperator(ctx);
    return ctx.services.support.feedback(first, after == null ? null : Number(after));
  }

  @Mutation(() => CallbackRequest, { description: 'Operators: the customer has been called back.' })
  markCallbackDone(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CallbackRequest> {
    return ctx.services.support.markCallbackDone(requireOperator(ctx), Number(id));
  }

  @Mutation(() => SupportThread, { description: 'Opens a support thread with its first message (and photos uploaded to /support/attachments).' })
  openSupportThread(
    @Arg('topic', () => String) topic: string,
    @Arg('text', () => String) text: string,
    @Arg('attachmentIds', () => [ID], { defaultValue: [] }) attachmentIds: string[],
    @Ctx() ctx: Context,
  ): Promise<SupportThread> {
    return ctx.services.support.open(requireViewer(ctx), topic, text, attachmentIds.map(Number));
  }

  @Mutation(() => SupportMessage, { description: 'Writes into a thread: the customer (reopening a closed one) or an operator.' })
  sendSupportMessage(
    @Arg('threadId', () => ID) threadId: string,
    @Arg('text', () => String) text: string,
    @Arg('attachmentIds', () => [ID], { defaultValue: [] }) attachmentIds: string[],
    @Ctx() ctx: Context,
  ): Promise<SupportMessage> {
    return ctx.services.support.send(requireViewer(ctx), Number(threadId), text, attachmentIds.map(Number));
  }

  @Mutation(() => SupportThread)
  closeSupportThread(@Arg('threadId', () => ID) threadId: string, @Ctx() ctx: Context): Promise<SupportThread> {
    return ctx.services.support.close(requireViewer(ctx), Number(threadId));
  }

  @Mutation(() => SupportThread, { description: 'Marks the thread read (for the customer, or for support).' })
  markSupportThreadRead(@Arg('threadId', () => ID) threadId: string, @Ctx() ctx: Context): Promise<SupportThread> {
    return ctx.services.support.markRead(requireViewer(ctx), Number(threadId));
  }

  @Subscription(() => SupportMessage, {
    description: 'New messages: a customer’s in their threads, an operator’s in all; `threadId` narrows to one thread.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const principal = requireViewer(ctx);
      const threadId = args.threadId ? Number(args.threadId) : null;
      if (threadId !== null) await ctx.services.support.thread(principal, threadId);
      const source = ctx.deps.pubSub.subscribe('supportMessage', principal.account.role === Role.OPERATOR ? OPERATORS : principal.account.id);
      return surfaceOutages(
        (async function* () {
          for await (const e of source) if (threadId === null || e.threadId === threadId) yield e;
        })(),
      );
    },
  })
  async supportMessageAdded(@Root() root: SupportMessageEvent | Outage, @Arg('threadId', () => ID, { nullable: true }) _threadId: string | null, @Ctx() ctx: Context): Promise<SupportMessage> {
    const e = liveValue(root);
    return ctx.services.support.message(e.messageId);
  }
}

@Resolver(() => Viewer)
export class ViewerSupportResolver {
  @FieldResolver(() => [SupportThread], { description: 'Support threads: the customer’s own; for operators, everyone’s.' })
  supportThreads(@Root() _v: Viewer, @Arg('status', () => ThreadStatus, { nullable: true }) status: ThreadStatus | null, @Ctx() ctx: Context): Promise<SupportThread[]> {
    return ctx.services.support.threads(requireViewer(ctx), status);
  }

  @FieldResolver(() => SupportThread, { nullable: true })
  async supportThread(@Root() _v: Viewer, @Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<SupportThread | null> {
    return ctx.services.support.findThread(requireViewer(ctx), Number(id));
  }
}

@Resolver(() => SupportThread)
export class SupportThreadResolver {
  @FieldResolver(() => [SupportMessage])
  messages(@Root() thread: SupportThread, @Ctx() ctx: Context): Promise<SupportMessage[]> {
    return ctx.services.support.messages(thread);
  }

  @FieldResolver(() => Int, { description: 'Messages from the other side the viewer has not read yet.' })
  unreadCount(@Root() thread: SupportThread, @Ctx() ctx: Context): Promise<number> {
    return ctx.services.support.unread(requireViewer(ctx), thread);
  }

  @FieldResolver(() => Account, { description: 'The customer who opened the thread.' })
  customer(@Root() thread: SupportThread, @Ctx() ctx: Context): Promise<Account> {
    return ctx.services.support.customerOf(thread);
  }
}

@Resolver(() => SupportMessage)
export class SupportMessageResolver {
  @FieldResolver(() => String, { description: 'The customer’s name, or «Техническая поддержка».' })
  async authorName(@Root() m: SupportMessage, @Ctx() ctx: Context): Promise<string> {
    if (m.fromSupport) return 'Техническая поддержка';
    const author = await ctx.services.support.authorOf(m);
    return author?.fullName ?? author?.phone ?? '';
  }

  @FieldResolver(() => ID)
  threadId(@Root() m: SupportMessage): string {
    return String(m.thread.id);
  }

  @FieldResolver(() => [SupportAttachment])
  attachments(@Root() m: SupportMessage, @Ctx() ctx: Context): Promise<SupportAttachment[]> {
    return ctx.services.support.attachmentsOf([m.id]);
  }
}

/**
 * Support: «Консультация» callback requests (answered within an hour), the feedback form, and threads between a
 * customer and technical support with photos, live replies and unread counts. Every new message is emailed
 * the other way: to the support mailbox, or to the customer's confirmed address.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { Account, Role } from '../accounts/account.entity.js';
import { SessionKind } from '../accounts/session.entity.js';
import type { ClientMeta, Principal } from '../accounts/session.service.js';
import { requirePhone } from '../accounts/validation.js';
import type { Channels } from '../delivery/channels.js';
import { supportReplyEmail, type OperatorName } from '../delivery/messages.js';
import { ForbiddenError, NotFoundError, StorageUnavailableError, UserInputError, because, type Because } from '../errors/client-errors.js';
import type { Logger } from '../log.js';
import { OPERATORS, type LivePubSub } from '../pubsub/pubsub.js';
import type { CaptchaService } from '../security/captcha.service.js';
import type { RateLimits } from '../security/rate-limits.js';
import { CallbackRequest, Feedback, SupportAttachment, SupportMessage, SupportThread, ThreadStatus } from './support.entities.js';

export const CALLBACK_PROMISE_MS = 3_600_000;
export const MAX_MESSAGE = 5000;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** What a photo really is, by its first bytes (the declared content type is not trusted). */
export function imageType(data: Buffer): string | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export { NotFoundError } from '../errors/client-errors.js';

export interface SupportDeps {
  channels: Channels;
  limits: RateLimits;
  pubSub: LivePubSub;
  log: Logger;
  operatorName: OperatorName;
  supportEmail: () => string | null;
  publicUrl: () => string;
}

const isOperator = (p: Principal) => p.account.role === Role.OPERATOR;

function text(input: string, field: string, max: number, empty: Because): string {
  const t = (input ?? '').trim();
  if (!t) throw new UserInputError(empty, field);
  if (t.length > max) throw new UserInputError(because('TEXT_TOO_LONG', { maxLength: max }), field);
  return t;
}

/** The support mailbox's line on a form sent signed in: whose cabinet. */
const fromCabinet = (phone: string | null) => (phone ? `\nИз личного кабинета: ${phone}` : '');

export class SupportService {
  constructor(
    private readonly em: EntityManager,
    private readonly captcha: CaptchaService,
    private readonly deps: SupportDeps,
  ) {}

  // ——— «Консультация» and the feedback form (public, with a captcha unless signed in) ———

  /** A person signed in to the cabinet has proved more than a captcha does; everybody else solves one. */
  private async human(captcha: string | null | undefined, principal: Principal | null): Promise<void> {
    if (principal?.session.kind === SessionKind.SESSION) return;
    await this.captcha.verify(captcha);
  }

  /** Who sent a public form: the signed-in account (loaded, for the operators' answer), or nobody. */
  private sender(principal: Principal | null): Promise<Account | null> {
    return principal ? this.em.findOneOrFail(Account, principal.account.id) : Promise.resolve(null);
  }

  async requestCallback(input: { name: string; phone: string; topic?: string | null; captcha?: string | null }, meta: ClientMeta, principal: Principal | null = null): Promise<CallbackRequest> {
    const name = text(input.name, 'name', 200, because('SUPPORT_NAME_REQUIRED'));
    const phone = requirePhone(input.phone);
    const topic = input.topic?.trim() ? text(input.topic, 'topic', 500, because('SUPPORT_TOPIC_REQUIRED')) : null;
    await this.human(input.captcha, principal);
    await this.deps.limits.consume('contactForms', meta.ip ?? 'unknown');
    await this.deps.limits.consume('callbackPerPhone', phone);
    const request = new CallbackRequest(name, phone, new Date(Date.now() + CALLBACK_PROMISE_MS), await this.sender(principal));
    request.topic = topic;
    await this.em.persistAndFlush(request);
    const to = this.deps.supportEmail();
    if (to) {
      await this.deliver(() =>
        this.deps.channels.email({
          to,
          subject: `Консультация: перезвонить ${phone} до ${request.dueAt.toISOString().slice(11, 16)} UTC`,
          text: `${name}, ${phone}${topic ? `\nТема: ${topic}` : ''}${fromCabinet(request.customerPhone)}\n\nОчередь: ${this.deps.publicUrl()}/operator/callbacks`,
        }),
      );
    }
    return request;
  }

  callbacks(pending: boolean): Promise<CallbackRequest[]> {
    return this.em.find(CallbackRequest, pending ? { doneAt: null } : { doneAt: { $ne: null } }, { orderBy: pending ? { createdAt: 'asc' } : { doneAt: 'desc' }, limit: 200, populate: ['account'] });
  }

  async markCallbackDone(principal: Principal, id: number): Promise<CallbackRequest> {
    const request = Number.isSafeInteger(id) ? await this.em.findOne(CallbackRequest, id, { populate: ['account'] }) : null;
    if (!request) throw new NotFoundError(because('CALL_REQUEST_NOT_FOUND'));
    request.markDone(this.em.getReference(Account, principal.account.id));
    await this.em.flush();
    return request;
  }

  async sendFeedback(input: { name: string; contact: string; message: string; captcha?: string | null }, meta: ClientMeta, principal: Principal | null = null): Promise<Feedback> {
    const name = text(input.name, 'name', 200, because('SUPPORT_NAME_REQUIRED'));
    const contact = text(input.contact, 'contact', 254, because('SUPPORT_CONTACT_REQUIRED'));
    if (!contact.includes('@') && !/^\+?[\d\s()-]{10,}$/.test(contact)) throw new UserInputError(because('SUPPORT_CONTACT_REQUIRED'), 'contact');
    const message = text(input.message, 'message', MAX_MESSAGE, because('SUPPORT_MESSAGE_REQUIRED'));
    await this.human(input.captcha, principal);
    await this.deps.limits.consume('contactForms', meta.ip ?? 'unknown');
    const feedback = new Feedback(name, contact, message, await this.sender(principal));
    await this.em.persistAndFlush(feedback);
    const to = this.deps.supportEmail();
    if (to) await this.deliver(() => this.deps.channels.email({ to, subject: `Обратная связь от ${name}`, text: `${name} <${contact}>${fromCabinet(feedback.customerPhone)}\n\n${message}` }));
    return feedback;
  }

  /** Operators: the feedback form's messages, newest first; `after` (a message's id) continues below that message. */
  feedback(first: number, after: number | null): Promise<Feedback[]> {
    if (!Number.isInteger(first) || first < 1 || first > 200) throw new UserInputError(because('PAGE_SIZE_RANGE', { max: 200 }), 'first');
    if (after !== null && !Number.isInteger(after)) throw new UserInputError(because('CURSOR_INVALID'), 'after');
    return this.em.find(Feedback, after === null ? {} : { id: { $lt: after } }, { orderBy: { id: 'desc' }, limit: first, populate: ['account'] });
  }

  // ——— Threads ———

  private writer(principal: Principal) {
    if (principal.session.kind !== SessionKind.SESSION) throw new ForbiddenError(because('READ_ONLY_TOKEN'));
  }

  /** A thread the principal may see: their own, or any for operators. */
  async thread(principal: Principal, id: number): Promise<SupportThread> {
    const thread = await this.load(id);
    if (!thread || (!isOperator(principal) && thread.account.id !== principal.account.id)) throw new NotFoundError(because('THREAD_NOT_FOUND'));
    return thread;
  }

  /** The thread when the viewer may see it, else null; a storage failure is STORAGE_UNAVAILABLE, never "no such thread". */
  async findThread(principal: Principal, id: number): Promise<SupportThread | null> {
    const thread = await this.load(id);
    return thread && (isOperator(principal) || thread.account.id === principal.account.id) ? thread : null;
  }

  private async load(id: number): Promise<SupportThread | null> {
    if (!Number.isSafeInteger(id)) return null;
    try {
      return await this.em.findOne(SupportThread, id, { populate: ['account'] });
    } catch (err) {
      this.deps.log.error({ err }, 'support: storage failed');
      throw new StorageUnavailableError();
    }
  }

  threads(principal: Principal, status: ThreadStatus | null): Promise<SupportThread[]> {
    const where = { ...(isOperator(principal) ? {} : { account: principal.account.id }), ...(status ? { status } : {}) };
    return this.em.find(SupportThread, where, { orderBy: { lastMessageAt: 'desc' }, limit: 500, populate: ['account'] });
  }

  /** A message with its author and thread (for the live stream: the event carries only its id). */
  message(id: number): Promise<SupportMessage> {
    return this.em.findOneOrFail(SupportMessage, id, { populate: ['author', 'thread'] });
  }

  /** The customer who opened a thread. */
  customerOf(thread: SupportThread): Promise<Account> {
    return this.em.findOneOrFail(Account, thread.account.id);
  }

  /** Who wrote a message (null when the account is gone). */
  authorOf(message: SupportMessage): Promise<Account | null> {
    return this.em.findOne(Account, message.author.id);
  }

  messages(thread: SupportThread): Promise<SupportMessage[]> {
    return this.em.find(SupportMessage, { thread }, { orderBy: { createdAt: 'asc', id: 'asc' }, populate: ['author'] });
  }

  attachmentsOf(messageIds: number[]): Promise<SupportAttachment[]> {
    return messageIds.length ? this.em.find(SupportAttachment, { message: { $in: messageIds } }, { orderBy: { id: 'asc' } }) : Promise.resolve([]);
  }

  async unread(principal: Principal, thread: SupportThread): Promise<number> {
    const operator = isOperator(principal);
    return this.em.count(SupportMessage, { thread, fromSupport: !operator, createdAt: { $gt: operator ? thread.operatorReadAt : thread.customerReadAt } });
  }

  async open(principal: Principal, topicInput: string, body: string, attachmentIds: number[]): Promise<SupportThread> {
    this.writer(principal);
    if (isOperator(principal)) throw new ForbiddenError(because('OPERATOR_CANNOT_OPEN_THREAD'));
    const topic = text(topicInput, 'topic', 200, because('SUPPORT_TOPIC_REQUIRED'));
    const thread = new SupportThread(this.em.getReference(Account, principal.account.id), topic);
    this.em.persist(thread);
    await this.post(principal, thread, body, attachmentIds);
    return thread;
  }

  async send(principal: Principal, threadId: number, body: string, attachmentIds: number[]): Promise<SupportMessage> {
    this.writer(principal);
    const thread = await this.thread(principal, threadId);
    if (thread.status === ThreadStatus.CLOSED) {
      if (isOperator(principal)) throw new UserInputError(because('THREAD_CLOSED'), 'threadId');
      // A customer writing into a closed thread reopens it.
      thread.reopen();
    }
    return this.post(principal, thread, body, attachmentIds);
  }

  private async post(principal: Principal, thread: SupportThread, body: string, attachmentIds: number[]): Promise<SupportMessage> {
    const messageText = text(body, 'text', MAX_MESSAGE, because('SUPPORT_MESSAGE_REQUIRED'));
    const ids = [...new Set(attachmentIds)];
    if (ids.length > MAX_ATTACHMENTS_PER_MESSAGE) throw new UserInputError(because('TOO_MANY_ATTACHMENTS', { max: MAX_ATTACHMENTS_PER_MESSAGE }), 'attachmentIds');
    const attachments = ids.length ? await this.em.find(SupportAttachment, { id: { $in: ids }, owner: principal.account.id, message: null }) : [];
    if (attachments.length !== ids.length) throw new UserInputError(because('ATTACHMENT_NOT_FOUND'), 'attachmentIds');
    const fromSupport = isOperator(principal);
    const author = this.em.getReference(Account, principal.account.id);
    const message = new SupportMessage(thread, author, fromSupport, messageText);
    this.em.persist(message);
    for (const a of attachments) a.message = message;
    thread.posted(message);
    await this.em.flush();
    this.deps.pubSub.publish('supportMessage', thread.account.id, { threadId: thread.id, messageId: message.id, accountId: thread.account.id });
    this.deps.pubSub.publish('supportMessage', OPERATORS, { threadId: thread.id, messageId: message.id, accountId: thread.account.id });
    await this.notify(thread, message);
    return message;
  }

  async close(principal: Principal, threadId: number): Promise<SupportThread> {
    this.writer(principal);
    const thread = await this.thread(principal, threadId);
    thread.close();
    await this.em.flush();
    return thread;
  }

  async markRead(principal: Principal, threadId: number): Promise<SupportThread> {
    const thread = await this.thread(principal, threadId);
    thread.markRead(isOperator(principal));
    await this.em.flush();
    return thread;
  }

  // ——— Photos ———

  async upload(principal: Principal, filenameInput: string, data: Buffer): Promise<SupportAttachment> {
    this.writer(principal);
    if (data.length === 0) throw new UserInputError(because('FILE_EMPTY'), 'file');
    if (data.length > MAX_ATTACHMENT_BYTES) throw new UserInputError(because('FILE_TOO_LARGE', { maxMb: 5 }), 'file');
    const mimeType = imageType(data);
    if (!mimeType) throw new UserInputError(because('FILE_TYPE'), 'file');
    await this.deps.limits.consume('uploads', String(principal.account.id));
    const filename = (filenameInput || 'photo').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || 'photo';
    const attachment = new SupportAttachment(this.em.getReference(Account, principal.account.id), filename, mimeType, data);
    await this.em.persistAndFlush(attachment);
    return attachment;
  }

  /** A photo the principal may see: their upload, one in their thread, or any for operators. */
  async download(principal: Principal, id: number): Promise<SupportAttachment> {
    const a = await this.em.findOne(SupportAttachment, id, { populate: ['data', 'message.thread'] });
    const threadOwner = a?.message ? (a.message.thread as SupportThread).account.id : null;
    if (!a || !(isOperator(principal) || a.owner.id === principal.account.id || threadOwner === principal.account.id)) throw new NotFoundError(because('FILE_NOT_FOUND'));
    return a;
  }

  private async notify(thread: SupportThread, message: SupportMessage): Promise<void> {
    const link = `${this.deps.publicUrl()}/support/${thread.id}`;
    if (message.fromSupport) {
      const customer = await this.em.findOne(Account, thread.account.id);
      if (customer?.email && customer.emailConfirmedAt) {
        const email = supportReplyEmail(this.deps.operatorName, thread.topic, message.text, link, customer.language);
        await this.deliver(() => this.deps.channels.email({ to: customer.email!, ...email }));
      }
    } else {
      const to = this.deps.supportEmail();
      if (to) await this.deliver(() => this.deps.channels.email({ to, subject: `Обращение №${thread.id}: ${thread.topic}`, text: `${message.text}\n\n${link}` }));
    }
  }

  private async deliver(send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (err) {
      this.deps.log.error({ err: { message: (err as Error).message } }, 'support notice not delivered');
    }
  }
}

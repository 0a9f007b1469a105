/**
 * One support thread as a page shows it: loaded once, then kept current by the live subscription; the
 * other side's messages are marked read while the page is in view, and the header's badge recounted.
 */
import { closeSupportThread, fetchSupportThread, markSupportThreadRead, sendSupportMessage, watchSupportMessages } from '$lib/api/support';
import type { LiveStatus } from '$lib/api/connection';
import type { ApiError } from '$lib/api/errors';
import type { SupportMessage, SupportThread } from '$lib/api/documents';
import { supportUnread } from './unread.svelte';

export type ThreadState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'signed-out' }
  | { status: 'not-found' }
  | { status: 'ready' };

/** After the server ends the subscription with an error, ask again this much later. */
const RESUBSCRIBE_DELAY_MS = 5_000;

export class ThreadView {
  state = $state<ThreadState>({ status: 'loading' });
  thread = $state<SupportThread | null>(null);
  live = $state<LiveStatus>('connecting');
  /** The latest message of the other side that arrived live, for a screen reader's announcement. */
  arrived = $state<SupportMessage | null>(null);

  constructor(
    readonly id: string,
    /** Whether the viewer writes as technical support (an operator). */
    private readonly viewerIsSupport: () => boolean,
  ) {}

  async load(): Promise<void> {
    const quiet = this.state.status === 'ready';
    if (!quiet) this.state = { status: 'loading' };
    try {
      const result = await fetchSupportThread(this.id);
      if (result.signedOut) {
        this.state = { status: 'signed-out' };
        return;
      }
      if (!result.thread) {
        this.state = { status: 'not-found' };
        return;
      }
      // Messages that came live during the request stay (the request may have read the database before them).
      const known = new Set(result.thread.messages.map((m) => m.id));
      const extra = (this.thread?.messages ?? []).filter((m) => !known.has(m.id));
      this.thread = { ...result.thread, messages: [...result.thread.messages, ...extra] };
      this.state = { status: 'ready' };
      if (this.thread.unreadCount > 0) void this.markRead();
    } catch (error) {
      if (!quiet) this.state = { status: 'error', message: (error as ApiError).message };
    }
  }

  /** Loads, then listens; returns the function that stops listening. */
  start(): () => void {
    let stop: (() => void) | null = null;
    let stopped = false;
    let again: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      if (stopped || stop) return;
      stop = watchSupportMessages(this.id, {
        message: (message) => this.add(message, true),
        status: (status) => {
          this.live = status;
        },
        // Messages sent while the socket was down never arrive live: read the thread once more.
        connected: () => void this.load(),
        failed: (error) => {
          stop?.();
          stop = null;
          if (error.code === 'UNAUTHENTICATED') {
            this.state = { status: 'signed-out' };
            return;
          }
          if (error.code === 'NOT_FOUND') return;
          this.live = 'reconnecting';
          again = setTimeout(watch, RESUBSCRIBE_DELAY_MS);
        },
      });
    };
    const visible = () => {
      if (document.visibilityState === 'visible' && (this.thread?.unreadCount ?? 0) > 0) void this.markRead();
    };
    document.addEventListener('visibilitychange', visible);
    void this.load().then(() => {
      if (this.state.status === 'ready') watch();
    });
    return () => {
      stopped = true;
      clearTimeout(again);
      stop?.();
      document.removeEventListener('visibilitychange', visible);
    };
  }

  /** A message of this thread (from the subscription or our own send), once. */
  add(message: SupportMessage, live: boolean): void {
    const thread = this.thread;
    if (!thread || message.threadId !== thread.id || thread.messages.some((m) => m.id === message.id)) return;
    thread.messages.push(message);
    thread.lastMessageAt = message.createdAt;
    const fromOtherSide = message.fromSupport !== this.viewerIsSupport();
    // A customer writing into a closed thread reopens it (the API does the same).
    if (!message.fromSupport) thread.status = 'OPEN';
    if (!fromOtherSide || !live) return;
    this.arrived = message;
    thread.unreadCount += 1;
    if (typeof document === 'undefined' || document.visibilityState === 'visible') void this.markRead();
  }

  async markRead(): Promise<void> {
    if (!this.thread) return;
    this.thread.unreadCount = 0;
    try {
      await markSupportThreadRead(this.id);
    } catch {
      // Marked next time the page is opened; the badge stays as the API counts.
    }
    await supportUnread.refresh();
  }

  /** Sends a message; resolves to it (also shown at once), or throws an ApiError. */
  async send(text: string, attachmentIds: string[]): Promise<SupportMessage> {
    const message = await sendSupportMessage(this.id, text, attachmentIds);
    this.add(message, false);
    return message;
  }

  async close(): Promise<void> {
    const status = await closeSupportThread(this.id);
    if (this.thread) this.thread.status = status;
  }
}

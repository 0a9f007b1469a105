/**
 * Unread support messages of the signed-in person, for the badge in the header: counted by the API
 * (`unreadCount` of each thread), recounted whenever a message arrives over the live connection, after the
 * connection comes back, and when a page marks a thread read.
 */
import { fetchSupportUnread, watchSupportMessages } from '$lib/api/client';
import type { Account } from '$lib/api/documents';

/** Messages often come in bursts (a reply with photos, the other side typing fast): recount once. */
const RECOUNT_DELAY_MS = 250;

class SupportUnread {
  count = $state(0);
  #accountId: string | null = null;
  #stop: (() => void) | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the answer to the latest request counts: an older one may describe a thread before it was read. */
  #asked = 0;

  /** Follows the signed-in account: counts and listens while there is one, forgets everything when it leaves. */
  track(account: Account | null): void {
    const id = account?.id ?? null;
    if (id === this.#accountId) return;
    this.#stop?.();
    this.#stop = null;
    clearTimeout(this.#timer);
    this.count = 0;
    this.#accountId = id;
    if (!id) return;
    void this.refresh();
    this.#stop = watchSupportMessages(null, {
      message: () => this.refreshSoon(),
      connected: () => this.refreshSoon(),
      // Signed out meanwhile or the server ended the stream: the next page with a session starts again.
      failed: () => {
        this.#stop = null;
        this.#accountId = null;
      },
    });
  }

  /** Asks the API for the count now (a page marked a thread read, or opened one). */
  async refresh(): Promise<void> {
    const account = this.#accountId;
    if (!account) return;
    const asked = ++this.#asked;
    try {
      const count = await fetchSupportUnread();
      if (count !== null && account === this.#accountId && asked === this.#asked) this.count = count;
    } catch {
      // Offline or the server away: the badge keeps its last count until the next message or reconnect.
    }
  }

  refreshSoon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), RECOUNT_DELAY_MS);
  }
}

export const supportUnread = new SupportUnread();

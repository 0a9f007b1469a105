/**
 * A count in the header that follows the signed-in person (unread support messages, unread warnings): asked of the
 * API when someone signs in, recounted shortly after each live event of its subscription (events come in bursts:
 * count once), after the live connection comes back, and when a page says it changed; forgotten when they leave.
 */
import type { Account } from '$lib/api/documents';

/** Events often come in bursts (a reply with photos, a leak's evaluation): recount once. */
const RECOUNT_DELAY_MS = 250;

export interface CountSource {
  /** The count now; null when signed out. */
  fetch(): Promise<number | null>;
  /** Starts the live events that may change it; returns the function that stops them. */
  watch(on: { changed(): void; connected(): void; failed(): void }): () => void;
  /** Whose count it is (default: anyone signed in). */
  follows?(account: Account): boolean;
}

export class LiveCount {
  count = $state(0);
  #source: CountSource;
  #accountId: string | null = null;
  #stop: (() => void) | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the answer to the latest request counts: an older one may describe things before they were read. */
  #asked = 0;

  constructor(source: CountSource) {
    this.#source = source;
  }

  /** Follows the signed-in account: counts and listens while there is one, forgets everything when it leaves. */
  track(account: Account | null): void {
    const id = account && (this.#source.follows?.(account) ?? true) ? account.id : null;
    if (id === this.#accountId) return;
    this.#stop?.();
    this.#stop = null;
    clearTimeout(this.#timer);
    this.count = 0;
    this.#accountId = id;
    if (!id) return;
    void this.refresh();
    this.#stop = this.#source.watch({
      changed: () => this.refreshSoon(),
      connected: () => this.refreshSoon(),
      // Signed out meanwhile or the server ended the stream: the next page with a session starts again.
      failed: () => {
        this.#stop = null;
        this.#accountId = null;
      },
    });
  }

  /** Asks the API for the count now (a page changed it: marked a thread or a warning read). */
  async refresh(): Promise<void> {
    const account = this.#accountId;
    if (!account) return;
    const asked = ++this.#asked;
    try {
      const count = await this.#source.fetch();
      if (count !== null && account === this.#accountId && asked === this.#asked) this.count = count;
    } catch {
      // Offline or the server away: the badge keeps its last count until the next event or reconnect.
    }
  }

  refreshSoon(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), RECOUNT_DELAY_MS);
  }
}

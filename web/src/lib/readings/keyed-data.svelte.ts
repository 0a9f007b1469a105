/**
 * Data a page loads by question (a meter, a period, an averaging…): each load is keyed by what it asks for, and an
 * answer to an older question is dropped, so clicking through periods quickly never shows one period's numbers
 * under another's name.
 */
import type { ApiError } from '$lib/api/errors';

export type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string; code: string };

export class KeyedData {
  state = $state<LoadState>({ status: 'loading' });
  #key = '';

  /**
   * Whether `key` is to be asked: it is not the question last asked, or `again` says to ask it anyway. Marks it asked.
   * `again` must not be worked out from `state` inside an effect: the effect would then run on every failure and ask
   * at once again, in a loop as fast as the failures come (offline: hundreds of requests a second). `retry()` is the
   * way to ask the same question again.
   */
  protected begin(key: string, again: boolean): boolean {
    if (key === this.#key && !again) return false;
    this.#key = key;
    return true;
  }

  /** Asks the question marked by `begin`: `show` puts the answer in place unless a newer question was asked meanwhile. */
  protected async answer<T>(key: string, fetch: () => Promise<T>, show: (answer: T) => void): Promise<void> {
    this.state = { status: 'loading' };
    try {
      const answer = await fetch();
      if (key !== this.#key) return;
      show(answer);
      this.state = { status: 'ready' };
    } catch (error) {
      if (key !== this.#key) return;
      const e = error as ApiError;
      this.state = { status: 'error', message: e.message, code: e.code };
    }
  }

  /** `begin` and `answer` in one: asks `key` unless it is already asked (`again`: ask anyway). */
  protected async ask<T>(key: string, again: boolean, fetch: () => Promise<T>, show: (answer: T) => void): Promise<void> {
    if (this.begin(key, again)) await this.answer(key, fetch, show);
  }

  /** The next load asks again, even the same question. */
  retry(): void {
    this.#key = '';
  }
}

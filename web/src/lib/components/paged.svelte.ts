import type { ApiError } from '$lib/api/errors';

/**
 * A list read a page at a time, newest first, each next page asked for by the id of the last item shown: the state
 * LoadedList shows (`items`, `error`) and its «Показать ещё» (`hasMore`, `loadingMore`, `moreError`). One item more
 * than a page is asked for, so «Показать ещё» is offered only when there are older items.
 */
export class PagedList<T extends { id: string }> {
  items = $state<T[] | null>(null);
  error = $state<string | null>(null);
  hasMore = $state(false);
  loadingMore = $state(false);
  moreError = $state<string | null>(null);

  constructor(
    private readonly fetchPage: (first: number, before: string | null) => Promise<T[]>,
    private readonly size: number,
  ) {}

  /** The first page, from scratch (also «Повторить» and «Обновить»). */
  async load(): Promise<void> {
    this.error = null;
    this.items = null;
    this.moreError = null;
    try {
      this.items = this.take(await this.fetchPage(this.size + 1, null));
    } catch (e) {
      this.error = (e as ApiError).message;
    }
  }

  /** «Показать ещё»: the items older than the last one shown. */
  async loadMore(): Promise<void> {
    const last = this.items?.at(-1);
    if (!last || this.loadingMore) return;
    this.loadingMore = true;
    this.moreError = null;
    try {
      this.items = [...(this.items ?? []), ...this.take(await this.fetchPage(this.size + 1, last.id))];
    } catch (e) {
      this.moreError = (e as ApiError).message;
    } finally {
      this.loadingMore = false;
    }
  }

  private take(page: T[]): T[] {
    this.hasMore = page.length > this.size;
    return page.slice(0, this.size);
  }
}

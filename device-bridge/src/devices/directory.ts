/**
 * Device tokens as the API knows them, cached for a few seconds: a modem's GET needs no API round trip when
 * it repeats itself, and a flood of requests with one bad token costs the API one lookup per interval.
 *
 * A revoked token keeps working here for at most the cache time. A change announced by the API (the
 * `deviceConfigChanged` subscription) drops the controller's entries at once; a lookup that was already on
 * its way when that happened is answered but not cached, since it may predate the change.
 */
import { ApiUnreachable, StorageUnavailable } from '../ingest/api-client.js';
import type { DeviceApi, DeviceConfig } from './device-api.js';
import { LRUCache } from 'lru-cache';

export type Lookup =
  | { kind: 'known'; device: DeviceConfig }
  /** Unknown, revoked, or not a token at all. */
  | { kind: 'unknown' }
  /** The API (or its storage) cannot answer now: retry after `retryAfterS`. */
  | { kind: 'unavailable'; retryAfterS: number };

export interface DirectoryOptions {
  /** How long an answer is reused, ms (0: ask every time). */
  ttlMs: number;
  /** Tokens remembered at most; the oldest answer goes first. */
  maxEntries?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

interface Cached {
  lookup: Lookup;
  expires: number;
}

export class DeviceDirectory {
  /** Bounded by lru-cache (a Map trimmed from its front slows down quadratically once full); expiry is checked here, on this clock. */
  private readonly cache: LRUCache<string, Cached>;
  private readonly byController = new Map<string, Set<string>>();
  private readonly pending = new Map<string, Promise<Lookup>>();
  /** Bumped by every invalidation: a lookup started under an older generation is not cached. */
  private generation = 0;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly api: DeviceApi,
    private readonly options: DirectoryOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    // Whatever removes an entry (forget, or eviction beyond maxEntries) also removes it from the controller's index.
    this.cache = new LRUCache<string, Cached>({ max: this.maxEntries, dispose: (cached, token) => this.unindex(token, cached) });
    this.now = options.now ?? Date.now;
  }

  lookup(token: string): Promise<Lookup> {
    const cached = this.cache.get(token);
    if (cached && cached.expires > this.now()) return Promise.resolve(cached.lookup);
    let pending = this.pending.get(token);
    if (!pending) {
      pending = this.ask(token);
      this.pending.set(token, pending);
      const clear = () => {
        if (this.pending.get(token) === pending) this.pending.delete(token);
      };
      pending.then(clear, clear);
    }
    return pending;
  }

  /** Whether `token` is cached as a device the API knows (no API call). */
  isKnown(token: string): boolean {
    const cached = this.cache.get(token);
    return !!cached && cached.expires > this.now() && cached.lookup.kind === 'known';
  }

  /** Forgets what is known about a controller's tokens. */
  invalidate(controllerId: string): void {
    this.generation++;
    this.pending.clear();
    for (const token of this.byController.get(controllerId) ?? []) this.cache.delete(token);
    this.byController.delete(controllerId);
  }

  /** Forgets everything (after the bridge may have missed changes). */
  clear(): void {
    this.generation++;
    this.pending.clear();
    this.cache.clear();
    this.byController.clear();
  }

  private async ask(token: string): Promise<Lookup> {
    const generation = this.generation;
    let lookup: Lookup;
    try {
      const device = await this.api.deviceConfig(token);
      lookup = device ? { kind: 'known', device } : { kind: 'unknown' };
    } catch (err) {
      if (err instanceof StorageUnavailable) return { kind: 'unavailable', retryAfterS: err.retryAfterS };
      this.options.onError?.(err);
      // Not reachable, or an answer we cannot read: either way the device should come back later.
      return { kind: 'unavailable', retryAfterS: err instanceof ApiUnreachable ? 10 : 30 };
    }
    if (generation === this.generation && this.options.ttlMs > 0) this.remember(token, lookup);
    return lookup;
  }

  private remember(token: string, lookup: Lookup): void {
    this.forget(token);
    this.cache.set(token, { lookup, expires: this.now() + this.options.ttlMs });
    if (lookup.kind === 'known') {
      const id = lookup.device.controllerId;
      let tokens = this.byController.get(id);
      if (!tokens) this.byController.set(id, (tokens = new Set()));
      tokens.add(token);
    }
  }

  private forget(token: string): void {
    this.cache.delete(token);
  }

  private unindex(token: string, cached: Cached): void {
    if (cached.lookup.kind !== 'known') return;
    const id = cached.lookup.device.controllerId;
    const tokens = this.byController.get(id);
    tokens?.delete(token);
    if (tokens && !tokens.size) this.byController.delete(id);
  }
}

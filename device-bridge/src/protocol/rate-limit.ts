/**
 * Requests per controller: a token bucket per device token. A modem may send `burst` requests back to back
 * (its backlog after an outage), and `perMinute` a minute after that; beyond it the answer says how many
 * seconds until the next request would be taken.
 *
 * Written here rather than taken from rate-limiter-flexible: its in-memory limiter counts requests in fixed
 * windows (a burst at the end of one window and the start of the next gets twice through, and "burst plus a
 * steady rate" needs two limiters combined), it arms a timer per key, and it does not bound how many keys it
 * holds. A bucket is two numbers per key, needs no timers, and answers exactly when the next token arrives.
 */
import { LRUCache } from 'lru-cache';

export interface RateLimitOptions {
  /** Sustained rate, requests per minute. */
  perMinute: number;
  /** Requests that may come back to back after a quiet period (the bucket's size). */
  burst: number;
  /** Keys remembered at most; beyond it the least recently seen is forgotten (which only ever lets it through). */
  maxKeys?: number;
  now?: () => number;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterS: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  /** The least recently seen key goes first beyond maxKeys (lru-cache: a Map used that way slows down quadratically once full). */
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    if (!(options.perMinute > 0) || !(options.burst >= 1)) throw new RangeError('perMinute must be > 0 and burst ≥ 1');
    this.perMs = options.perMinute / 60_000;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.buckets = new LRUCache<string, Bucket>({ max: this.maxKeys });
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Whether `key` has a request left, without taking it. */
  peek(key: string): Admission {
    const bucket = this.buckets.peek(key);
    if (!bucket) return { allowed: true };
    const tokens = Math.min(this.options.burst, bucket.tokens + (this.now() - bucket.at) * this.perMs);
    return tokens >= 1 ? { allowed: true } : { allowed: false, retryAfterS: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
  }

  /** Takes one request from `key`'s bucket if it has one. */
  take(key: string): Admission {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const { burst } = this.options;
    const tokens = bucket ? Math.min(burst, bucket.tokens + (now - bucket.at) * this.perMs) : burst;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterS: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }
}

/**
 * Pub/sub over Redis (ioredis), so that every API process sees what any of them publishes.
 *
 * Written here rather than taken from @graphql-yoga/redis-event-target because that adapter neither awaits nor
 * catches its PUBLISH and SUBSCRIBE commands: with Redis down, the first publish after a committed ingest
 * becomes an unhandled rejection, which ends a Node process. Here:
 * - a publish that fails is counted and dropped — the reading is in the database, and a subscriber that missed
 *   it resumes with `since`;
 * - while Redis is unreachable, a new subscription is refused with a clear error, and open ones end with that
 *   error (rather than staying silently dead), so clients resubscribe — with `since` — once Redis is back.
 */
import { EventEmitter } from 'node:events';
import { Repeater } from '@repeaterjs/repeater';
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';

export class LiveUnavailable extends Error {
  override name = 'LiveUnavailable';
  constructor() {
    super('live data unavailable: Redis is unreachable');
  }
}

export class RedisBus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly outages = new EventEmitter();
  private up = false;
  readonly stats = { published: 0, publishFailures: 0, outages: 0 };
  private lastWarning = 0;

  constructor(url: string, private readonly log?: Logger) {
    const options = {
      // Commands fail at once while disconnected instead of piling up: a live event is worth little late.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(attempt * 250, 2000),
    };
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, options);
    this.outages.setMaxListeners(0);
    for (const client of [this.pub, this.sub]) client.on('error', (err) => this.warn(err));
    this.sub.on('ready', () => {
      if (!this.up) this.log?.info('Redis pub/sub connected');
      this.up = true;
      // Channels of open subscriptions (ioredis resubscribes on its own too; this covers a fresh connection).
      const channels = [...this.listeners.keys()];
      if (channels.length) this.sub.subscribe(...channels).catch((err) => this.warn(err));
    });
    this.sub.on('close', () => {
      if (!this.up) return;
      this.up = false;
      this.stats.outages++;
      this.log?.warn('Redis pub/sub lost: live subscriptions end with SERVICE_UNAVAILABLE until it returns');
      this.outages.emit('outage');
    });
    this.sub.on('message', (channel: string, message: string) => {
      const callbacks = this.listeners.get(channel);
      if (!callbacks) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch {
        return;
      }
      for (const cb of callbacks) cb(payload);
    });
  }

  get available(): boolean {
    return this.up;
  }

  /**
   * Whether both connections are up, waiting at most `timeoutMs` for them. A short-lived process (the CLI)
   * calls this before publishing, since a publish while still connecting is dropped, not queued.
   */
  async ready(timeoutMs = 3000): Promise<boolean> {
    const isReady = () => this.pub.status === 'ready' && this.sub.status === 'ready';
    if (isReady()) return true;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pub.off('ready', check);
        this.sub.off('ready', check);
        resolve(isReady());
      };
      const check = () => isReady() && done();
      const timer = setTimeout(done, timeoutMs);
      this.pub.on('ready', check);
      this.sub.on('ready', check);
    });
  }

  publish(channel: string, payload: unknown): void {
    this.stats.published++;
    this.pub.publish(channel, JSON.stringify(payload)).catch((err) => {
      this.stats.publishFailures++;
      this.warn(err);
    });
  }

  /** Events of a channel until the consumer stops, or Redis goes away (then the iterator throws LiveUnavailable). */
  subscribe<T>(channel: string): AsyncIterable<T> {
    return new Repeater<T>(async (push, stop) => {
      if (!this.up) return stop(new LiveUnavailable());
      let callbacks = this.listeners.get(channel);
      if (!callbacks) {
        this.listeners.set(channel, (callbacks = new Set()));
        this.sub.subscribe(channel).catch((err) => {
          this.warn(err);
          stop(new LiveUnavailable());
        });
      }
      const callback = (payload: unknown) => void push(payload as T);
      callbacks.add(callback);
      const onOutage = () => stop(new LiveUnavailable());
      this.outages.once('outage', onOutage);
      await stop;
      this.outages.off('outage', onOutage);
      callbacks.delete(callback);
      if (!callbacks.size) {
        this.listeners.delete(channel);
        if (this.up) this.sub.unsubscribe(channel).catch((err) => this.warn(err));
      }
    });
  }

  /** Closes both connections, letting publishes already sent be answered first (QUIT), but never waiting long. */
  async close(): Promise<void> {
    this.up = false;
    await Promise.all(
      [this.pub, this.sub].map(async (client) => {
        const timer = setTimeout(() => client.disconnect(), 1000);
        try {
          await client.quit();
        } catch {
          client.disconnect();
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }

  /** One warning per 10 s at most: an outage must not flood the log. */
  private warn(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 10_000) return;
    this.lastWarning = now;
    this.log?.warn({ err: { message: (err as Error).message } }, 'Redis pub/sub error');
  }
}

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
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { LiveUnavailable, type ChannelListener } from './live-unavailable.js';
import { deliverMessage, publishCounted, quitAll, throttledWarning, type BusStats } from './redis-clients.js';

export { LiveUnavailable };

export class RedisBus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly listeners = new Map<string, Set<ChannelListener>>();
  private up = false;
  readonly stats: BusStats = { published: 0, publishFailures: 0, outages: 0 };

  /** One warning per 10 s at most. */
  private readonly warn: (err: unknown) => void;

  /** Names its two connections in Redis's CLIENT LIST: `<name>:pub` and `<name>:sub`. */
  readonly name = `askue-live-${process.pid}-${randomBytes(3).toString('hex')}`;

  constructor(url: string, private readonly log?: Logger) {
    this.warn = throttledWarning(log, 'Redis pub/sub error');
    const options = {
      // Commands fail at once while disconnected instead of piling up: a live event is worth little late.
      enableOfflineQueue: false,
      // The PUBLISHes of one event-loop turn (an ingest batch publishes thousands) leave in one socket write instead
      // of one write() system call each, which was a tenth of the API's time at 38,000 readings/s.
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(attempt * 250, 2000),
    };
    this.pub = new Redis(url, { ...options, connectionName: `${this.name}:pub` });
    // Not ioredis's own resubscription after a reconnect: the subscriptions of a lost connection have ended (their
    // listeners were told, below), so their channels would stay subscribed with nobody listening — every reading
    // of those meters sent to this process for nothing, until a new listener came and went on each.
    this.sub = new Redis(url, { ...options, connectionName: `${this.name}:sub`, autoResubscribe: false });
    for (const client of [this.pub, this.sub]) client.on('error', (err) => this.warn(err));
    this.sub.on('ready', () => {
      if (!this.up) this.log?.info('Redis pub/sub connected');
      this.up = true;
      // Channels of open subscriptions: none after an outage (they ended with it), so nothing but what is listened to.
      const channels = [...this.listeners.keys()];
      if (channels.length) this.sub.subscribe(...channels).catch((err) => this.warn(err));
    });
    this.sub.on('close', () => {
      if (!this.up) return;
      this.up = false;
      this.stats.outages++;
      this.log?.warn('Redis pub/sub lost: live subscriptions end with SERVICE_UNAVAILABLE until it returns');
      for (const channel of [...this.listeners.keys()]) this.lose(channel);
    });
    this.sub.on('message', (channel: string, message: string) => {
      const callbacks = this.listeners.get(channel);
      if (callbacks) deliverMessage(message, callbacks);
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

  /** One PUBLISH carrying `events`: subscribers get them one by one, in order. */
  publishAll(channel: string, events: unknown[]): void {
    publishCounted(this.stats, events, (message) => this.pub.publish(channel, message), this.warn);
  }

  /**
   * Calls `listener.event` for each message of `channel` until the returned function is called. If Redis is
   * unreachable, or goes away later, `listener.lost` is called once instead (then nothing more).
   */
  listen(channel: string, listener: ChannelListener): () => void {
    if (!this.up) {
      listener.lost(new LiveUnavailable());
      return () => {};
    }
    let listeners = this.listeners.get(channel);
    if (!listeners) {
      this.listeners.set(channel, (listeners = new Set()));
      this.sub.subscribe(channel).catch((err) => {
        this.warn(err);
        this.lose(channel);
      });
    }
    listeners.add(listener);
    return () => {
      const set = this.listeners.get(channel);
      if (!set?.delete(listener) || set.size) return;
      this.listeners.delete(channel);
      if (this.up) this.sub.unsubscribe(channel).catch((err) => this.warn(err));
    };
  }

  /** Every listener of `channel` learns that live data is lost, and is dropped. */
  private lose(channel: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    this.listeners.delete(channel);
    for (const l of set) l.lost(new LiveUnavailable());
  }

  /** Closes both connections, letting publishes already sent be answered first (QUIT), but never waiting long. */
  async close(): Promise<void> {
    this.up = false;
    await quitAll([this.pub, this.sub]);
  }
}

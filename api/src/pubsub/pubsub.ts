/**
 * Pub/sub for live data: in-process by default, Redis when REDIS_URL is set so that every API process
 * sees readings ingested by any other (sharded pub/sub on a Redis Cluster with REDIS_CLUSTER=1). Topics are typed
 * and keyed by id (one channel per meter).
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { EventQueue } from './event-queue.js';
import { LiveOverflow, type ChannelListener } from './live-unavailable.js';
import type { RedisBus } from './redis-bus.js';
import type { RedisClusterBus } from './redis-cluster-bus.js';

/** How many events a `subscribe` iterator holds for a consumer that does not keep up, before it ends (LiveOverflow). */
export const SUBSCRIBER_BUFFER = 10_000;

/** A stored reading as it travels between processes (JSON-safe: time in epoch milliseconds). */
export interface ReadingEvent {
  meterId: number;
  quantity: string;
  time: number;
  value: number;
}

/** Sessions revoked on the server: their live sockets must close, on whichever API process they are. */
export interface SessionsRevokedEvent {
  sessionIds: number[];
}

/** A controller's configuration as committed: every device bridge listens, to notify the modems observing it. */
export interface DeviceConfigEvent {
  controllerId: number;
  serial: string;
  reportingIntervalS: number;
}

/** An account's bindings changed: its live streams follow (new meters start, unbound ones stop). */
export interface BindingsChangedEvent {
  accountId: number;
}

/** A new support message: published for the thread's customer (id = account) and for operators (id = 0). */
export interface SupportMessageEvent {
  threadId: number;
  messageId: number;
  accountId: number;
}

/** A submission to a supplier changed status: published for the customer who linked the account (id = account). */
export interface SubmissionEvent {
  submissionId: number;
  meterId: number;
  status: string;
}

/** An account's alert opened, escalated, resolved, was acknowledged or muted (id = account). */
export interface AlertEvent {
  alertId: number;
  accountId: number;
  change: 'OPENED' | 'ESCALATED' | 'RESOLVED' | 'ACKNOWLEDGED' | 'MUTED';
}

/** The id of the channel every operator follows, beside the customers' own (account ids start at 1). */
export const OPERATORS = 0;

/** Every topic: its id (one channel per id) and its payload. Payloads are JSON-safe (they cross Redis). */
export type Topics = {
  bindingsChanged: [accountId: number, event: BindingsChangedEvent];
  supportMessage: [accountIdOrOperators: number, event: SupportMessageEvent];
  reading: [meterId: number, event: ReadingEvent];
  sessionsRevoked: [scope: 0, event: SessionsRevokedEvent];
  deviceConfig: [scope: 0, event: DeviceConfigEvent];
  submission: [accountId: number, event: SubmissionEvent];
  alert: [accountIdOrOperators: number, event: AlertEvent];
};

export interface LivePubSub {
  publish<K extends keyof Topics>(topic: K, ...args: Topics[K]): void;
  /**
   * Several events of one channel at once, in order: listeners see them one by one, as if published one by one,
   * but across Redis they travel as one message (an ingest batch of 96-record packs published a PUBLISH per reading).
   */
  publishAll<K extends keyof Topics>(topic: K, id: Topics[K][0], events: Array<Topics[K][1]>): void;
  /**
   * The hot path: `onEvent` for each event of (topic, id), synchronously as it arrives, until the returned function
   * is called; `onLost` once instead if live events stop (Redis went away). Every listener of a channel gets the
   * same event object.
   */
  listen<K extends keyof Topics>(topic: K, id: Topics[K][0], onEvent: (event: Topics[K][1]) => void, onLost: (err: unknown) => void): () => void;
  /** The same as an iterator, which throws LiveUnavailable when live events stop. */
  subscribe<K extends keyof Topics>(topic: K, id: Topics[K][0]): AsyncIterable<Topics[K][1]>;
  /** Whether live events reach other processes; waits up to `timeoutMs` for a connection being made. */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** In-process pub/sub: listeners by channel, called synchronously by publishAll. */
class LocalBus {
  private readonly channels = new Map<string, Set<ChannelListener>>();

  constructor(private readonly log?: Logger) {}

  publishAll(channel: string, events: unknown[]): void {
    const listeners = this.channels.get(channel);
    if (!listeners) return;
    for (const event of events) {
      for (const l of listeners) {
        try {
          l.event(event);
        } catch (err) {
          this.log?.error({ err }, 'live listener failed');
        }
      }
    }
  }

  listen(channel: string, listener: ChannelListener): () => void {
    let listeners = this.channels.get(channel);
    if (!listeners) this.channels.set(channel, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      const set = this.channels.get(channel);
      if (set?.delete(listener) && !set.size) this.channels.delete(channel);
    };
  }
}

/** An iterator over a channel, built on `listen`. */
function iterate<E>(listen: (listener: ChannelListener) => () => void): AsyncIterable<E> {
  return {
    [Symbol.asyncIterator]() {
      let off: () => void = () => {};
      const queue = new EventQueue<E>(() => off(), SUBSCRIBER_BUFFER, () => new LiveOverflow(SUBSCRIBER_BUFFER));
      off = listen({ event: (e) => queue.push(e as E), lost: (err) => queue.fail(err) });
      if (queue.closed) off();
      return queue;
    },
  };
}

export async function createLivePubSub(redis: Config['redis'], log?: Logger): Promise<LivePubSub & { bus?: RedisBus | RedisClusterBus }> {
  // ioredis is loaded only when Redis is configured: the embedded default starts without it.
  const bus = !redis
    ? null
    : redis.cluster
      ? new (await import('./redis-cluster-bus.js')).RedisClusterBus(redis.url, log)
      : new (await import('./redis-bus.js')).RedisBus(redis.url, log);
  // Channel names carry the deployment's prefix so several deployments (or test runs) can share one Redis.
  const channel = (topic: string, id: number) => (redis ? `${redis.prefix}:${topic}:${id}` : `${topic}:${id}`);
  const transport: Pick<LocalBus, 'publishAll' | 'listen'> = bus ?? new LocalBus(log);
  const listen = (topic: string, id: number, onEvent: (event: never) => void, onLost: (err: unknown) => void) =>
    transport.listen(channel(topic, id), { event: onEvent as (e: unknown) => void, lost: onLost });
  return {
    ...(bus ? { bus } : {}),
    publish: (topic, id, event) => transport.publishAll(channel(topic, id), [event]),
    publishAll: (topic, id, events) => {
      if (events.length) transport.publishAll(channel(topic, id), events);
    },
    listen,
    subscribe: (topic, id) => iterate((l) => transport.listen(channel(topic, id), l)),
    ready: async (timeoutMs) => (bus ? bus.ready(timeoutMs) : true),
    close: async () => bus?.close(),
  };
}

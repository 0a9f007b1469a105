/**
 * Pub/sub for live data: in-process by default, Redis when REDIS_URL is set so that every API process
 * sees readings ingested by any other. Topics are typed and keyed by id (one channel per meter).
 */
import { createPubSub } from '@graphql-yoga/subscription';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { RedisBus } from './redis-bus.js';

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

/** Every topic: its id (one channel per id) and its payload. Payloads are JSON-safe (they cross Redis). */
export type Topics = {
  bindingsChanged: [accountId: number, event: BindingsChangedEvent];
  supportMessage: [accountIdOrOperators: number, event: SupportMessageEvent];
  reading: [meterId: number, event: ReadingEvent];
  sessionsRevoked: [scope: 0, event: SessionsRevokedEvent];
  deviceConfig: [scope: 0, event: DeviceConfigEvent];
};

export interface LivePubSub {
  publish<K extends keyof Topics>(topic: K, ...args: Topics[K]): void;
  subscribe<K extends keyof Topics>(topic: K, id: Topics[K][0]): AsyncIterable<Topics[K][1]>;
  /** Whether live events reach other processes; waits up to `timeoutMs` for a connection being made. */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function createLivePubSub(redis: Config['redis'], log?: Logger): Promise<LivePubSub & { bus?: RedisBus }> {
  if (!redis) {
    const pubSub = createPubSub<Record<string, [number, unknown]>>();
    return {
      publish: (topic, id, event) => pubSub.publish(topic, id, event),
      subscribe: (topic, id) => pubSub.subscribe(topic, id) as AsyncIterable<never>,
      ready: async () => true,
      close: async () => {},
    };
  }
  // ioredis is loaded only when Redis is configured: the embedded default starts without it.
  const { RedisBus } = await import('./redis-bus.js');
  const bus = new RedisBus(redis.url, log);
  // Channel names carry the deployment's prefix so several deployments (or test runs) can share one Redis.
  const channel = (topic: string, id: number) => `${redis.prefix}:${topic}:${id}`;
  return {
    bus,
    publish: (topic, id, event) => bus.publish(channel(topic, id), event),
    subscribe: (topic, id) => bus.subscribe(channel(topic, id)) as AsyncIterable<never>,
    ready: (timeoutMs) => bus.ready(timeoutMs),
    close: () => bus.close(),
  };
}

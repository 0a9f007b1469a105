/**
 * Pub/sub for live data: in-process by default, Redis when REDIS_URL is set so that every API process
 * sees readings ingested by any other. Topics are typed and keyed by id (one channel per meter).
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';

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
  close(): Promise<void>;
}

export function createLivePubSub(redis: Config['redis']): LivePubSub {
  if (!redis) {
    const pubSub = createPubSub<Record<string, [number, unknown]>>();
    return {
      publish: (topic, id, event) => pubSub.publish(topic, id, event),
      subscribe: (topic, id) => pubSub.subscribe(topic, id) as AsyncIterable<never>,
      close: async () => {},
    };
  }
  const options = { lazyConnect: false, enableAutoPipelining: true, maxRetriesPerRequest: 2 };
  const publishClient = new Redis(redis.url, options);
  const subscribeClient = new Redis(redis.url, options);
  // Channel names carry the deployment's prefix so several deployments (or test runs) can share one Redis.
  const pubSub = createPubSub<Record<string, [number, unknown]>>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
  });
  const topicName = (topic: string) => `${redis.prefix}:${topic}`;
  return {
    publish: (topic, id, event) => pubSub.publish(topicName(topic), id, event),
    subscribe: (topic, id) => pubSub.subscribe(topicName(topic), id) as AsyncIterable<never>,
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}

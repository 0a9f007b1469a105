/**
 * Pub/sub over a Redis Cluster (Redis 7+) with sharded pub/sub (REDIS_CLUSTER=1). SPUBLISH goes to the node that
 * owns the channel's slot, and only that node sends it on to its SSUBSCRIBErs; a plain PUBLISH in a cluster is
 * relayed to every node, so each node would carry all the fan-out however many nodes were added. With one channel
 * per meter, meters spread over the nodes and so does their traffic.
 *
 * The outage rules are those of RedisBus (redis-bus.ts), per node: a publish that fails is counted and dropped;
 * while the node owning a channel's slot is unreachable, a new subscription to that channel is refused with
 * LiveUnavailable and open ones end with it, so clients resubscribe (with `since`) once it is back. Channels on
 * the other nodes carry on. A channel whose slot moves to another node (failover, resharding) ends the same way:
 * the old owner stops sending it, and the resubscription reaches the new one.
 *
 * The subscriber connections (one per master) are made here rather than by ioredis's `shardedSubscribers` option:
 * in ioredis 5.11, while a master with subscribed channels is down, that option reconnects to it in a tight loop
 * (each failed connect refreshes the slot map at once, which makes a new subscriber, which fails again) — about
 * a hundred attempts a second for the whole outage. Here each master's subscriber retries with RedisBus's backoff.
 * The ioredis Cluster client publishes (routing each SPUBLISH by slot) and keeps the slot map.
 */
import { Cluster, Command, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from '../log.js';
import { LiveUnavailable, type ChannelListener } from './live-unavailable.js';
import { deliverMessage, publishCounted, quitAll, throttledWarning, type BusStats } from './redis-clients.js';

const retryStrategy = (attempt: number) => Math.min(attempt * 250, 2000);

/** How often the slot map is read again: how soon a failover (a replica promoted) is followed. */
export const SLOTS_REFRESH_MS = 5000;

/**
 * An ioredis Cluster client from a redis(s):// URL naming one node. The URL's credentials and TLS apply to every
 * node (given as a startup URL, ioredis would use them for that node only). Also used for the rate limits (app.ts).
 * The slot map is read again every SLOTS_REFRESH_MS: ioredis 5 does so only on a MOVED by default, and a master that
 * died answers no MOVED — without it a failed-over master's slots stayed unreachable (redis-cluster.test.ts).
 */
export function clusterClient(url: string, redisOptions: RedisOptions, options: ClusterOptions = {}): Cluster {
  const { host, port, node } = nodeOptions(url);
  return new Cluster([{ host, port }], { slotsRefreshInterval: SLOTS_REFRESH_MS, ...options, redisOptions: { ...node, ...redisOptions } });
}

function nodeOptions(url: string): { host: string; port: number; node: RedisOptions } {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(u.port || 6379),
    node: {
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  };
}

/** A master's subscriber connection and the channels subscribed on it. */
interface Shard {
  node: string;
  client: Redis;
  up: boolean;
  channels: Set<string>;
}

/** A subscribed channel: its slot, the shard it was subscribed on, and its listeners. */
interface Subscribed {
  slot: number;
  shard: Shard;
  listeners: Set<ChannelListener>;
}

export class RedisClusterBus {
  private readonly pub: Cluster;
  /** Subscriber connections by master, "host:port" as the cluster names its nodes. */
  private readonly shards = new Map<string, Shard>();
  private readonly channels = new Map<string, Subscribed>();
  private readonly node: RedisOptions;
  private closed = false;
  readonly stats: BusStats = { published: 0, publishFailures: 0, outages: 0 };

  /** One warning per 10 s at most. */
  private readonly warn: (err: unknown) => void;

  constructor(url: string, private readonly log?: Logger) {
    this.warn = throttledWarning(log, 'Redis Cluster pub/sub error');
    this.node = nodeOptions(url).node;
    this.pub = clusterClient(
      url,
      // Commands fail at once while a node is unreachable instead of piling up: a live event is worth little late.
      { enableOfflineQueue: false, maxRetriesPerRequest: 1 },
      // The SPUBLISHes of one event-loop turn leave in one write per node (see RedisBus).
      { enableOfflineQueue: false, enableAutoPipelining: true, clusterRetryStrategy: retryStrategy },
    );
    this.pub.on('error', (err) => this.warn(err));
    this.pub.on('node error', (err) => this.warn(err));
    // 'refresh' follows every reading of the slot map: at start, every SLOTS_REFRESH_MS, and after a MOVED.
    this.pub.on('ready', () => this.follow());
    this.pub.on('refresh', () => this.follow());
  }

  /** Whether events reach other processes on every node: the cluster client and each master's subscriber are up. */
  get available(): boolean {
    return this.pub.status === 'ready' && this.shards.size > 0 && [...this.shards.values()].every((s) => s.up);
  }

  /**
   * Whether every connection is up, waiting at most `timeoutMs`. Polled: the subscriber connections are made
   * only once the cluster client has read the slot map, so there is no one event to wait for.
   */
  async ready(timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.available && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    return this.available;
  }

  /** One SPUBLISH carrying `events`: subscribers get them one by one, in order. */
  publishAll(channel: string, events: unknown[]): void {
    publishCounted(this.stats, events, (message) => this.pub.spublish(channel, message), this.warn);
  }

  /**
   * Calls `listener.event` for each message of `channel` until the returned function is called. If the node owning
   * the channel's slot is unreachable, or goes away later, `listener.lost` is called once instead (then nothing more).
   */
  listen(channel: string, listener: ChannelListener): () => void {
    // ioredis's own slot function (the one that routes the SPUBLISH), without depending on its cluster-key-slot.
    const slot = new Command('ssubscribe', [channel]).getSlot();
    const owner = this.pub.slots[slot]?.[0];
    const shard = owner ? this.shards.get(owner) : undefined;
    if (!shard?.up) {
      listener.lost(new LiveUnavailable());
      return () => {};
    }
    let subscribed = this.channels.get(channel);
    if (!subscribed) {
      this.channels.set(channel, (subscribed = { slot, shard, listeners: new Set() }));
      shard.channels.add(channel);
      shard.client.ssubscribe(channel).catch((err) => {
        this.warn(err);
        this.lose(channel);
      });
    }
    subscribed.listeners.add(listener);
    const mine = subscribed;
    return () => {
      if (this.channels.get(channel) !== mine || !mine.listeners.delete(listener) || mine.listeners.size) return;
      this.channels.delete(channel);
      mine.shard.channels.delete(channel);
      if (mine.shard.up) mine.shard.client.sunsubscribe(channel).catch((err) => this.warn(err));
    };
  }

  /**
   * Brings the subscriber connections in line with the slot map: one per master. A channel whose slot now has
   * another owner ends (its listeners resubscribe, reaching the new owner); so do the channels of a node no
   * longer a master.
   */
  private follow(): void {
    if (this.closed) return;
    const masters = new Set<string>();
    for (const nodes of this.pub.slots) if (nodes?.[0]) masters.add(nodes[0]);
    for (const [node, shard] of this.shards) {
      if (masters.has(node)) continue;
      this.shards.delete(node);
      shard.client.disconnect();
      for (const channel of [...shard.channels]) this.lose(channel);
    }
    for (const node of masters) if (!this.shards.has(node)) this.shards.set(node, this.connect(node));
    for (const [channel, { slot, shard }] of this.channels) if (this.pub.slots[slot]?.[0] !== shard.node) this.lose(channel);
  }

  /** The subscriber connection of one master: like RedisBus's, it reconnects with backoff for as long as it takes. */
  private connect(node: string): Shard {
    const colon = node.lastIndexOf(':');
    const client = new Redis({
      ...this.node,
      host: node.slice(0, colon),
      port: Number(node.slice(colon + 1)),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy,
      // Every subscription on a lost connection has ended (its listeners were told): nothing to resubscribe.
      autoResubscribe: false,
    });
    const shard: Shard = { node, client, up: false, channels: new Set() };
    client.on('error', (err) => this.warn(err));
    client.on('ready', () => {
      if (!shard.up) this.log?.info({ node }, 'Redis Cluster node connected for live subscriptions');
      shard.up = true;
    });
    client.on('close', () => {
      if (!shard.up) return;
      shard.up = false;
      this.stats.outages++;
      this.log?.warn({ node }, 'Redis Cluster node lost: live subscriptions of its channels end with SERVICE_UNAVAILABLE until it returns');
      for (const channel of [...shard.channels]) this.lose(channel);
    });
    client.on('smessage', (channel: string, message: string) => {
      const subscribed = this.channels.get(channel);
      if (subscribed) deliverMessage(message, subscribed.listeners);
    });
    return shard;
  }

  /** Every listener of `channel` learns that live data is lost, and is dropped. */
  private lose(channel: string): void {
    const subscribed = this.channels.get(channel);
    if (!subscribed) return;
    this.channels.delete(channel);
    const { shard } = subscribed;
    shard.channels.delete(channel);
    // Still up when the slot moved away: the old owner has dropped the channel already, this makes sure.
    if (shard.up) shard.client.sunsubscribe(channel).catch((err) => this.warn(err));
    for (const l of subscribed.listeners) l.lost(new LiveUnavailable());
  }

  /** Closes every connection, letting publishes already sent be answered first (QUIT), but never waiting long. */
  async close(): Promise<void> {
    this.closed = true;
    // Closing is not an outage: no warning, no count.
    for (const shard of this.shards.values()) shard.up = false;
    await quitAll([this.pub, ...[...this.shards.values()].map((s) => s.client)]);
  }
}

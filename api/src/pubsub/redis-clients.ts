/** What both Redis buses (redis-bus.ts, redis-cluster-bus.ts) do alike with their connections. */
import type { Logger } from '../log.js';

/** Closes every client, letting commands already sent be answered first (QUIT), but never waiting more than 1 s. */
export async function quitAll(clients: Array<{ quit(): Promise<unknown>; disconnect(): void }>): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
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

/** A warning logged at most once per 10 s: an outage must not flood the log. */
export function throttledWarning(log: Logger | undefined, message: string): (err: unknown) => void {
  let last = 0;
  return (err) => {
    const now = Date.now();
    if (now - last < 10_000) return;
    last = now;
    log?.warn({ err: { message: (err as Error).message } }, message);
  };
}

/** What a Redis bus counts: messages published, those whose publish failed, and outages. */
export interface BusStats {
  published: number;
  publishFailures: number;
  outages: number;
}

/**
 * One message carrying `events` (a JSON array) sent by `send` (PUBLISH or SPUBLISH): subscribers get them one by
 * one, in order. Counted as published, or as failed (and warned about) when Redis refuses it.
 */
export function publishCounted(stats: BusStats, events: unknown[], send: (message: string) => Promise<unknown>, warn: (err: unknown) => void): void {
  stats.published += events.length;
  send(JSON.stringify(events)).catch((err) => {
    stats.publishFailures += events.length;
    warn(err);
  });
}

/** Hands the events of one message (a JSON array, as `publishCounted` sends them) to `listeners`, in order; anything else is dropped. */
export function deliverMessage(message: string, listeners: Iterable<{ event(event: unknown): void }>): void {
  let events: unknown;
  try {
    events = JSON.parse(message);
  } catch {
    return;
  }
  if (!Array.isArray(events)) return;
  for (const event of events) for (const l of listeners) l.event(event);
}

import type { EntityManager } from '@mikro-orm/core';
import { Repeater } from '@repeaterjs/repeater';
import type { Account } from '../accounts/account.entity.js';
import type { AccessService, MeterAccess } from '../devices/access.service.js';
import { ForbiddenError } from '../graphql/errors.js';
import type { LivePubSub, ReadingEvent } from '../pubsub/pubsub.js';
import { QUANTITIES } from './quantity.js';
import { LatestReading } from './reading.entity.js';
import { Reading } from './reading.type.js';

const ORDER = Object.keys(QUANTITIES);

export class ReadingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly pubSub: LivePubSub,
    private readonly access: AccessService,
  ) {}

  /** The newest value of each quantity, in vocabulary order; nothing measured before `since`. */
  async lastReadings(access: MeterAccess): Promise<Reading[]> {
    const rows = await this.em.find(LatestReading, { meter: access.meter.id, time: { $gte: access.since } });
    return rows
      .map((r) => Reading.from({ meterId: access.meter.id, quantity: r.quantity, time: r.time.getTime(), value: r.value }))
      .sort((a, b) => ORDER.indexOf(a.quantity) - ORDER.indexOf(b.quantity));
  }

  /**
   * Live readings of the account's meters (all of them, or those asked for). Asking for a meter that is
   * not the account's is an error rather than a silent empty stream.
   */
  async subscribe(account: Account, meterIds?: string[] | null): Promise<AsyncIterable<ReadingEvent>> {
    const access = await this.access.metersOf(account);
    const own = new Map(access.map((a) => [String(a.meter.id), a]));
    const wanted = meterIds ? [...new Set(meterIds)] : [...own.keys()];
    const foreign = wanted.filter((id) => !own.has(id));
    if (foreign.length) throw new ForbiddenError(`Нет доступа к счётчику ${foreign[0]}`);
    const streams = wanted.map((id) => {
      const since = own.get(id)!.since.getTime();
      return filter(this.pubSub.subscribe('reading', Number(id)), (e) => e.time >= since);
    });
    // No meters yet: stay open rather than complete at once (a client would read completion as an error).
    if (!streams.length) return new Repeater<ReadingEvent>(async (_push, stop) => void (await stop));
    return Repeater.merge(streams);
  }
}

async function* filter<T>(source: AsyncIterable<T>, keep: (item: T) => boolean): AsyncIterable<T> {
  for await (const item of source) if (keep(item)) yield item;
}

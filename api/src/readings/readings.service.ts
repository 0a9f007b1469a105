import type { EntityManager } from '@mikro-orm/knex';
import { Repeater } from '@repeaterjs/repeater';
import type { Account } from '../accounts/account.entity.js';
import { visibleAt, type AccessService, type MeterAccess } from '../devices/access.service.js';
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
    /** A fresh AccessService for re-reading bindings while a stream is open (the request's one memoises). */
    private readonly freshAccess: () => AccessService,
  ) {}

  /** The newest value of each quantity, in vocabulary order; nothing measured outside the account's periods. */
  async lastReadings(access: MeterAccess): Promise<Reading[]> {
    const rows = await this.em.find(LatestReading, { meter: access.meter.id, time: { $gte: access.since } });
    return rows
      .filter((r) => visibleAt(access, r.time.getTime()))
      .map((r) => Reading.from({ meterId: access.meter.id, quantity: r.quantity, time: r.time.getTime(), value: r.value }))
      .sort((a, b) => ORDER.indexOf(a.quantity) - ORDER.indexOf(b.quantity));
  }

  /**
   * Live readings of the account's meters: all of them (including meters bound while the stream is open), or
   * those asked for. A meter that is unbound stops streaming at once. Asking for a meter that is not the
   * account's is an error rather than a silent empty stream.
   */
  async subscribe(account: Account, meterIds?: string[] | null): Promise<AsyncIterable<ReadingEvent>> {
    const initial = await this.access.metersOf(account);
    const wanted = meterIds ? new Set(meterIds) : null;
    if (wanted) {
      const own = new Set(initial.map((a) => String(a.meter.id)));
      const foreign = [...wanted].filter((id) => !own.has(id));
      if (foreign.length) throw new ForbiddenError(`Нет доступа к счётчику ${foreign[0]}`);
    }
    const { pubSub, freshAccess } = this;
    return new Repeater<ReadingEvent>(async (push, stop) => {
      const streams = new Map<number, { access: MeterAccess; iterator: AsyncIterator<ReadingEvent> }>();
      const open = (access: MeterAccess) => {
        const iterator = pubSub.subscribe('reading', access.meter.id)[Symbol.asyncIterator]();
        const entry = { access, iterator };
        streams.set(access.meter.id, entry);
        void (async () => {
          for (;;) {
            const next = await iterator.next();
            if (next.done) return;
            if (streams.get(access.meter.id) === entry && visibleAt(entry.access, next.value.time)) await push(next.value);
          }
        })().catch((err) => stop(err));
      };
      const sync = (accesses: MeterAccess[]) => {
        const now = new Map(accesses.filter((a) => !wanted || wanted.has(String(a.meter.id))).map((a) => [a.meter.id, a]));
        for (const [id, entry] of streams) {
          const access = now.get(id);
          if (access) entry.access = access;
          else {
            streams.delete(id);
            void entry.iterator.return?.();
          }
        }
        for (const [id, access] of now) if (!streams.has(id)) open(access);
      };
      sync(initial);
      const changes = pubSub.subscribe('bindingsChanged', account.id)[Symbol.asyncIterator]();
      void (async () => {
        for (;;) {
          const next = await changes.next();
          if (next.done) return;
          sync(await freshAccess().metersOf(account));
        }
      })().catch((err) => stop(err));
      await stop;
      await changes.return?.();
      for (const entry of streams.values()) await entry.iterator.return?.();
      streams.clear();
    });
  }
}

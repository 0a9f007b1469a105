import type { EntityManager } from '@mikro-orm/knex';
import type { Account } from '../accounts/account.entity.js';
import { visibleAt, visibleIn, type AccessService, type MeterAccess } from '../devices/access.service.js';
import { ForbiddenError, because } from '../errors/client-errors.js';
import { EventQueue } from '../pubsub/event-queue.js';
import { LiveOverflow } from '../pubsub/live-unavailable.js';
import { SUBSCRIBER_BUFFER, type LivePubSub, type ReadingEvent } from '../pubsub/pubsub.js';
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
      if (foreign.length) throw new ForbiddenError(because('METER_ID_FORBIDDEN', { meterId: foreign[0] }));
    }
    const { pubSub, freshAccess } = this;
    // One listener per meter on the process-wide channel and one queue per subscriber: no per-event machinery
    // beyond the visibility check and a push (a process holds tens of thousands of these).
    const streams = new Map<number, { periods: MeterAccess['periods']; off: () => void }>();
    let offChanges: () => void = () => {};
    const queue = new EventQueue<ReadingEvent>(
      () => {
        offChanges();
        for (const entry of streams.values()) entry.off();
        streams.clear();
      },
      SUBSCRIBER_BUFFER,
      () => new LiveOverflow(SUBSCRIBER_BUFFER),
    );
    const lost = (err: unknown) => queue.fail(err);
    const open = (access: MeterAccess) => {
      // Only the binding periods are kept (not the entities): a stream may stay open for days.
      const entry = { periods: access.periods, off: () => {} };
      streams.set(access.meter.id, entry);
      entry.off = pubSub.listen('reading', access.meter.id, (e) => visibleIn(entry.periods, e.time) && queue.push(e), lost);
    };
    const sync = (accesses: MeterAccess[]) => {
      if (queue.closed) return;
      const now = new Map(accesses.filter((a) => !wanted || wanted.has(String(a.meter.id))).map((a) => [a.meter.id, a]));
      for (const [id, entry] of streams) {
        const access = now.get(id);
        if (access) entry.periods = access.periods;
        else {
          streams.delete(id);
          entry.off();
        }
      }
      for (const [id, access] of now) if (!streams.has(id) && !queue.closed) open(access);
    };
    sync(initial);
    // Bindings changed: re-read them, one re-read at a time, in order.
    let resync = Promise.resolve();
    const unlisten = pubSub.listen(
      'bindingsChanged',
      account.id,
      () => {
        resync = resync.then(async () => sync(queue.closed ? [] : await freshAccess().metersOf(account))).catch(lost);
      },
      lost,
    );
    if (queue.closed) unlisten();
    else offChanges = unlisten;
    return queue;
  }
}

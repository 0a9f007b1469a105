/**
 * Live data that survives reconnects: `since` replays what a subscriber missed (from the database, within its
 * binding periods), then the stream continues live — readings that arrive during the replay are buffered and
 * passed on once, so nothing is lost or doubled at the seam.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { DateTime } from 'luxon';
import type { Account } from '../accounts/account.entity.js';
import { visibleAt, type AccessService, type MeterAccess } from '../devices/access.service.js';
import { MeterKind } from '../devices/meter-kind.js';
import { ForbiddenError, UserInputError, because } from '../errors/client-errors.js';
import { EventQueue } from '../pubsub/event-queue.js';
import { LiveOverflow } from '../pubsub/live-unavailable.js';
import { SUBSCRIBER_BUFFER, type ReadingEvent } from '../pubsub/pubsub.js';
import type { ReadingsService } from '../readings/readings.service.js';
import { roundReport } from '../reports/reports.service.js';

/** How far back `since` may reach, and how many readings a replay may carry. History is for reports. */
export const REPLAY_WINDOW_MS = 24 * 3_600_000;
export const REPLAY_LIMIT = 10_000;

const toMs = (v: Date | number | string) => new Date(v).getTime();
const keyOf = (e: ReadingEvent) => `${e.meterId}|${e.quantity}|${e.time}`;

export interface Measurement {
  meterId: number;
  time: number;
  values: Map<string, ReadingEvent>;
  consumptionTodayKwh: number | null;
}

export class LiveService {
  constructor(
    private readonly em: EntityManager,
    private readonly readings: ReadingsService,
    private readonly access: AccessService,
  ) {}

  private async replay(accesses: MeterAccess[], since: Date): Promise<ReadingEvent[]> {
    const from = since.getTime();
    const platform = this.em.getPlatform();
    const out: ReadingEvent[] = [];
    for (const a of accesses) {
      const rows = await this.em.getConnection().execute<Array<{ quantity: string; time: Date | number; value: number }>>(
        `select quantity, time, value from reading where meter_id = ? and quantity in (${QUANTITY_LIST.map(() => '?').join(',')}) and time > ? order by time limit ${REPLAY_LIMIT + 1}`,
        [a.meter.id, ...QUANTITY_LIST, platform.processDateProperty(new Date(from))],
      );
      for (const r of rows) {
        const time = toMs(r.time);
        if (visibleAt(a, time)) out.push({ meterId: a.meter.id, quantity: r.quantity, time, value: Number(r.value) });
      }
    }
    if (out.length > REPLAY_LIMIT) throw new UserInputError(because('LIVE_REPLAY_TOO_LONG', { max: REPLAY_LIMIT }), 'since');
    return out.sort((x, y) => x.time - y.time);
  }

  /** readingAdded with an optional replay from `since`. */
  async readings$(account: Account, meterIds: string[] | null | undefined, since: Date | null | undefined): Promise<AsyncIterable<ReadingEvent>> {
    // Checked before the stream starts, so that the client gets an error instead of a stream.
    if (since && !(since.getTime() >= Date.now() - REPLAY_WINDOW_MS)) throw new UserInputError(because('LIVE_SINCE_TOO_OLD'), 'since');
    const live = await this.readings.subscribe(account, meterIds);
    if (!since) return live;
    const accesses = (await this.access.metersOf(account)).filter((a) => !meterIds || meterIds.includes(String(a.meter.id)));
    return this.withReplay(live, () => this.replay(accesses, since));
  }

  /**
   * The replay, then the live events. The live stream is subscribed before the replay query runs, so nothing stored
   * meanwhile slips between the two; what it buffered meanwhile and the replay both have is given once.
   */
  private withReplay(live: AsyncIterable<ReadingEvent>, replay: () => Promise<ReadingEvent[]>): AsyncIterableIterator<ReadingEvent> {
    const it = live[Symbol.asyncIterator]();
    const events = replayThenLive(it, replay);
    // A generator waiting for the next live event would take `return` only after it: end the live stream first.
    return {
      next: () => events.next(),
      return: async () => {
        await it.return?.();
        return events.return(undefined);
      },
      throw: async (err) => {
        await it.return?.();
        return events.throw(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /**
   * Snapshots of an electricity meter: the newest value of every quantity, and consumption since local midnight,
   * after each new reading (readings of one pack come together as one snapshot).
   */
  async measurements$(account: Account, meterId: string, timeZone: string, since: Date | null | undefined): Promise<AsyncIterable<Measurement>> {
    const access = await this.access.accessTo(account, Number(meterId));
    if (!access) throw new ForbiddenError(because('METER_ID_FORBIDDEN', { meterId }));
    if (access.meter.kind !== MeterKind.ELECTRICITY) throw new UserInputError(because('LIVE_ELECTRICITY_ONLY'), 'meterId');
    const events = await this.readings$(account, [meterId], since);
    const latest = await this.readings.lastReadings(access);
    const values = new Map<string, ReadingEvent>(latest.map((r) => [r.quantity, { meterId: access.meter.id, quantity: r.quantity, time: r.time.getTime(), value: r.value }]));
    const em = this.em;
    let midnight = { day: '', baseline: null as number | null };
    const baselineFor = async (time: number) => {
      const day = DateTime.fromMillis(time, { zone: timeZone }).toISODate()!;
      if (midnight.day !== day) midnight = { day, baseline: await energyAt(em, access, DateTime.fromMillis(time, { zone: timeZone }).startOf('day').toMillis()) };
      return midnight.baseline;
    };
    const it = events[Symbol.asyncIterator]();
    let timer: NodeJS.Timeout | null = null;
    let sourceEnded = false;
    const out = new EventQueue<Measurement>(
      () => {
        if (timer) clearTimeout(timer);
        void it.return?.();
      },
      SUBSCRIBER_BUFFER,
      () => new LiveOverflow(SUBSCRIBER_BUFFER),
    );
    const emit = async () => {
      timer = null;
      const time = Math.max(...[...values.values()].map((v) => v.time));
      const energy = values.get('energy');
      const baseline = energy ? await baselineFor(energy.time) : null;
      out.push({ meterId: access.meter.id, time, values: new Map(values), consumptionTodayKwh: energy && baseline !== null ? roundReport((energy.value - baseline) / 1000) : null });
      if (sourceEnded) out.end();
    };
    void (async () => {
      for (;;) {
        const next = await it.next();
        if (next.done) {
          // The last snapshot still goes out, then the stream ends.
          sourceEnded = true;
          if (!timer) out.end();
          return;
        }
        const e = next.value;
        const cur = values.get(e.quantity);
        if (!cur || cur.time <= e.time) values.set(e.quantity, e);
        // The readings of one pack arrive one by one within milliseconds: one snapshot for them all.
        timer ??= setTimeout(() => void emit().catch((err) => out.fail(err)), 25);
      }
    })().catch((err) => out.fail(err));
    return out;
  }
}

const QUANTITY_LIST = ['energy', 'energy_t1', 'energy_t2', 'energy_t3', 'energy_export', 'power', 'voltage_l1', 'voltage_l2', 'voltage_l3', 'current_l1', 'current_l2', 'current_l3', 'frequency', 'power_factor', 'volume', 'temperature', 'rssi', 'battery'];

/** The energy register at `time`, interpolated between the readings around it (null without one before). */
async function energyAt(em: EntityManager, access: MeterAccess, time: number): Promise<number | null> {
  const platform = em.getPlatform();
  const q = (cmp: string, order: string) =>
    em.getConnection().execute<Array<{ time: Date | number; value: number }>>(
      `select time, value from reading where meter_id = ? and quantity = 'energy' and time ${cmp} ? order by time ${order} limit 1`,
      [access.meter.id, platform.processDateProperty(new Date(time))],
    );
  const [before] = await q('<=', 'desc');
  const [after] = await q('>', 'asc');
  if (!before) return after ? Number(after.value) : null;
  const b = { time: toMs(before.time), value: Number(before.value) };
  if (!after || b.time === time) return b.value;
  const a = { time: toMs(after.time), value: Number(after.value) };
  return a.value < b.value ? b.value : b.value + ((a.value - b.value) * (time - b.time)) / (a.time - b.time);
}

/** The replay, then the live events (see LiveService.withReplay). */
async function* replayThenLive(it: AsyncIterator<ReadingEvent>, replay: () => Promise<ReadingEvent[]>): AsyncGenerator<ReadingEvent> {
  try {
    const past = await replay();
    yield* past;
    // Only a live event no newer than the newest replayed one can be a repeat of it; each repeat comes once.
    const seen = new Set(past.map(keyOf));
    const newest = past.reduce((t, e) => Math.max(t, e.time), Number.NEGATIVE_INFINITY);
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      const e = next.value;
      if (e.time <= newest && seen.delete(keyOf(e))) continue;
      yield e;
    }
  } finally {
    await it.return?.();
  }
}

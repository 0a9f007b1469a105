/**
 * Ingest: the domain side of the device protocol. A batch carries packs from many CoAP requests; each pack
 * is authenticated by its device token, checked against the controller's meters, and the whole batch is
 * written in one transaction. Only after the commit are the stored readings published and the outcomes
 * returned, so a bridge never acknowledges what is not stored.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { StorageUnavailableError } from '../errors/client-errors.js';
import type { LivePubSub, ReadingEvent } from '../pubsub/pubsub.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { hashSecret } from '../security/tokens.js';
import { MeterKind } from '../devices/meter-kind.js';
import { createIngestStore, type Health, type IngestStore, type MeterRow, type ReadingRows } from './ingest-store.js';
import { QUANTITIES, quantityNamed } from '../readings/quantity.js';

/**
 * The readings of one CoAP request, column by column: reading i is (meters[i], quantities[i], times[i], values[i]).
 * Whatever a pack holds — an unknown quantity, a null, columns of different lengths — it is refused on its own.
 */
export interface Pack {
  token: string;
  meters: string[];
  /** Names of the GraphQL enum Quantity (`VOLTAGE_L1`). */
  quantities: string[];
  /** Epoch milliseconds. */
  times: Array<number | null>;
  values: Array<number | null>;
}

export const PackStatus = graphqlEnum('PackStatus', 'What became of one pack (one CoAP request).', {
  STORED: 'Every reading is stored (now, or by an earlier copy of the same pack).',
  UNAUTHORIZED: 'Unknown or revoked device token.',
  FORBIDDEN: 'A meter in the pack is not served by this controller; nothing of the pack is stored.',
  INVALID: 'The pack cannot be stored (a time in the future, a value out of range, a quantity its meter does not measure, two values for one meter, quantity and time); nothing of it is stored.',
});
export type PackStatus = EnumValue<typeof PackStatus>;

export interface PackOutcome {
  status: PackStatus;
  stored: number;
  duplicates: number;
  message: string | null;
}

/** Readings stored and duplicates over a batch's outcomes (the transports count them into the metrics). */
export function tally(outcomes: PackOutcome[]): { stored: number; duplicates: number } {
  let stored = 0;
  let duplicates = 0;
  for (const o of outcomes) {
    stored += o.stored;
    duplicates += o.duplicates;
  }
  return { stored, duplicates };
}

/** Readings stamped later than this ahead of the server clock are refused: a modem's clock is wrong. */
export const MAX_CLOCK_AHEAD_MS = 10 * 60_000;
/** Readings before 2000-01-01 are refused: an unset modem clock. */
export const MIN_TIME_MS = Date.UTC(2000, 0, 1);

/**
 * How long a batch waits for SQLite's write lock before the bridge is told STORAGE_UNAVAILABLE (5.03 to the
 * devices, which retry). Within one process writes never contend for it (one connection); another process that
 * holds it longer than this is an outage, and holding the API's only connection while waiting would stall its reads.
 */
export const INGEST_LOCK_WAIT_MS = 1000;

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back and may simply be run again. */
const RETRYABLE = new Set(['40P01', '40001']);

async function retryDeadlocks<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= attempts || !RETRYABLE.has(String(code))) throw err;
    }
  }
}

/** Quantities a controller may report about itself (named after its own serial). */
const HEALTH = new Set<string>(['rssi', 'battery']);

const KIND_NAMES: Record<MeterKind, string> = {
  [MeterKind.ELECTRICITY]: 'an electricity meter',
  [MeterKind.COLD_WATER]: 'a cold water meter',
  [MeterKind.HOT_WATER]: 'a hot water meter',
};

/** Why a reading's value or time cannot be stored — a null (a non-finite number in JSON) included — or null if it can. */
function unacceptable(quantity: string, value: number | null, time: number | null, range: readonly [number, number], now: number, retention: Retention): string | null {
  if (value === null || !Number.isFinite(value)) return `${quantity}: value is not a finite number`;
  if (value < range[0] || value > range[1]) return `${quantity}: value out of range`;
  if (time === null || !Number.isFinite(time)) return `${quantity}: time is not a finite number`;
  if (time < MIN_TIME_MS) return `${quantity}: time before 2000`;
  // Retention would drop it (or already has dropped its week): stored, it would vanish or rewrite kept rollups.
  if (retention.days !== null && time < now - retention.days * RETENTION_DAY_MS) return `${quantity}: time older than the ${retention.days} days raw readings are kept`;
  if (time > now + MAX_CLOCK_AHEAD_MS) return `${quantity}: time in the future`;
  return null;
}

/** RAW_READINGS_RETENTION_DAYS (null: every reading is kept, whatever its age). */
export interface Retention {
  days: number | null;
}
const RETENTION_DAY_MS = 86_400_000;

const outcome = (status: PackStatus, message: string | null = null): PackOutcome => ({ status, stored: 0, duplicates: 0, message });

/** One store per database (knex instance): a service is created per request, its store once. */
const stores = new WeakMap<object, IngestStore>();

/** Accepted readings, column by column, with the pack each came from. */
interface Columns {
  meterIds: number[];
  quantities: string[];
  times: number[];
  values: number[];
  packs: number[];
}

/**
 * The readings to write, in the order they are written, each (meter, quantity, time) once; and the packs that give
 * one (meter, quantity, time) two different values, with the diagnostic for each.
 *
 * Every writer takes its row locks in one order — readings, rollup marks, latest values, controllers, each sorted by
 * key — so that two API processes storing overlapping batches (a modem retrying through another bridge) wait for each
 * other instead of deadlocking; a deadlock PostgreSQL still reports is retried. The sort is stable: the same reading
 * twice in one batch (a retransmission, or a pack repeating itself) ends up side by side, the copy that came first in
 * front. Only that one is written; the others are duplicates of it. Side by side, a pack's own copies of one key are
 * also next to each other, which is where a conflict shows, at no cost to batches without one.
 */
function writeOrder(cols: Columns): { order: number[]; conflicts: Map<number, string> } {
  const sorted = cols.meterIds.map((_, r) => r);
  sorted.sort(
    (a, b) =>
      cols.meterIds[a] - cols.meterIds[b] ||
      (cols.quantities[a] < cols.quantities[b] ? -1 : cols.quantities[a] > cols.quantities[b] ? 1 : cols.times[a] - cols.times[b]),
  );
  const order: number[] = [];
  const conflicts = new Map<number, string>();
  for (let k = 0; k < sorted.length; k++) {
    const r = sorted[k];
    const p = k > 0 ? sorted[k - 1] : -1;
    if (p >= 0 && cols.meterIds[p] === cols.meterIds[r] && cols.quantities[p] === cols.quantities[r] && cols.times[p] === cols.times[r]) {
      // Another pack's copy is a retransmission or a repeat: the first value stands (PROTOCOL.md, Idempotency).
      if (cols.packs[p] === cols.packs[r] && cols.values[p] !== cols.values[r] && !conflicts.has(cols.packs[r])) {
        conflicts.set(cols.packs[r], `${cols.quantities[r]}: two values at ${new Date(cols.times[r]).toISOString()}`);
      }
      continue;
    }
    order.push(r);
  }
  return { order, conflicts };
}

export class IngestService {
  private readonly store: IngestStore;

  constructor(
    em: EntityManager,
    private readonly pubSub: LivePubSub,
    private readonly onStorageError: (err: unknown) => void = () => {},
    /** After the commit: the meters that got new readings (the warnings evaluate them, alerts/alert-job.ts). */
    private readonly onStored: (meterIds: number[]) => void = () => {},
    /** Readings older than the retention of raw readings are refused (readings/partitions/partition-maintenance.ts). */
    private readonly retention: Retention = { days: null },
  ) {
    const key = em.getKnex();
    let store = stores.get(key);
    if (!store) stores.set(key, (store = createIngestStore(em, INGEST_LOCK_WAIT_MS)));
    this.store = store;
  }

  async ingest(packs: Pack[], now = Date.now()): Promise<PackOutcome[]> {
    const outcomes: PackOutcome[] = packs.map(() => outcome(PackStatus.STORED));
    const hashes = packs.map((p) => hashSecret(p.token));
    let controllers: Map<string, { id: number; serial: string }>;
    let meters: Map<string, MeterRow>;
    try {
      const serials = new Set<string>();
      for (const p of packs) for (const m of p.meters) serials.add(m);
      [controllers, meters] = await Promise.all([this.store.controllersByTokenHash([...new Set(hashes)]), this.store.metersBySerial([...serials])]);
    } catch (err) {
      this.onStorageError(err);
      throw new StorageUnavailableError();
    }

    // Accepted readings, column by column, with the pack each came from.
    const cols: Columns = { meterIds: [], quantities: [], times: [], values: [], packs: [] };
    const seenControllers = new Set<number>();
    // The controller's own signal and battery reported by each pack, taken only if the pack is stored.
    const healthReports: Array<{ controllerId: number; reports: Array<[quantity: string, time: number, value: number]> }> = [];
    packs.forEach((pack, i) => {
      const controller = controllers.get(hashes[i]);
      if (controller === undefined) {
        outcomes[i] = outcome(PackStatus.UNAUTHORIZED);
        return;
      }
      const n = pack.meters.length;
      if (pack.quantities.length !== n || pack.times.length !== n || pack.values.length !== n) {
        outcomes[i] = outcome(PackStatus.INVALID, 'columns differ in length');
        return;
      }
      const controllerId = controller.id;
      seenControllers.add(controllerId);
      const from = cols.meterIds.length;
      const packHealth: Array<[string, number, number]> = [];
      const refuse = (status: PackStatus, message: string) => {
        outcomes[i] = outcome(status, message);
        for (const c of Object.values(cols)) c.length = from;
      };
      for (let r = 0; r < n; r++) {
        const serial = pack.meters[r];
        const quantity = quantityNamed(pack.quantities[r]);
        if (quantity === undefined) return refuse(PackStatus.INVALID, `unknown quantity ${String(pack.quantities[r]).slice(0, 32)}`);
        const value = pack.values[r];
        const time = pack.times[r];
        const info = QUANTITIES[quantity];
        // Records named after the controller itself report its own signal and battery.
        if (serial === controller.serial && HEALTH.has(quantity)) {
          const problem = unacceptable(quantity, value, time, info.range, now, this.retention);
          if (problem) return refuse(PackStatus.INVALID, problem);
          packHealth.push([quantity, time!, value!]);
          continue;
        }
        const meter = meters.get(serial);
        // An unknown serial answers like a foreign one: a device learns nothing about other controllers.
        if (!meter || meter.controllerId !== controllerId) return refuse(PackStatus.FORBIDDEN, `meter ${serial.slice(0, 32)} not served here`);
        if (!info.meters.includes(meter.kind)) return refuse(PackStatus.INVALID, `${quantity}: ${serial.slice(0, 24)} is ${KIND_NAMES[meter.kind]}`);
        const problem = unacceptable(quantity, value, time, info.range, now, this.retention);
        if (problem) return refuse(PackStatus.INVALID, problem);
        cols.meterIds.push(meter.id);
        cols.quantities.push(quantity);
        cols.times.push(Math.trunc(time!));
        cols.values.push(value!);
        cols.packs.push(i);
      }
      if (packHealth.length) healthReports[i] = { controllerId, reports: packHealth };
    });

    const written = writeOrder(cols);
    let { order } = written;
    const { conflicts } = written;
    if (conflicts.size) {
      // A pack that says two things about one moment is refused whole, as any other pack it cannot store.
      for (const [p, message] of conflicts) outcomes[p] = outcome(PackStatus.INVALID, message);
      let kept = 0;
      for (let r = 0; r < cols.packs.length; r++) {
        if (conflicts.has(cols.packs[r])) continue;
        for (const c of Object.values(cols) as unknown[][]) c[kept] = c[r];
        kept++;
      }
      for (const c of Object.values(cols) as unknown[][]) c.length = kept;
      ({ order } = writeOrder(cols));
    }
    const health = new Map<number, Health>();
    healthReports.forEach(({ controllerId, reports }, i) => {
      if (outcomes[i].status !== PackStatus.STORED) return;
      for (const [quantity, time, value] of reports) {
        const h = health.get(controllerId) ?? {};
        const field = quantity === 'rssi' ? 'signal' : 'battery';
        if (!h[field] || h[field]!.time <= time) h[field] = { time, value };
        health.set(controllerId, h);
      }
    });
    const isNew = new Array<boolean>(cols.meterIds.length).fill(false);
    const rows: ReadingRows = {
      meterIds: order.map((r) => cols.meterIds[r]),
      quantities: order.map((r) => cols.quantities[r]),
      times: order.map((r) => cols.times[r]),
      values: order.map((r) => cols.values[r]),
    };
    let inserted: boolean[] | null;
    try {
      ({ inserted } = await retryDeadlocks(() =>
        this.store.write({
          readings: rows,
          controllerIds: [...seenControllers].sort((a, b) => a - b),
          health: [...health].sort((a, b) => a[0] - b[0]),
          now,
        }),
      ));
    } catch (err) {
      this.onStorageError(err);
      throw new StorageUnavailableError();
    }
    // `inserted` is in write order; outcomes and events go by arrival order (a copy not written counts as a duplicate).
    for (let k = 0; k < order.length; k++) isNew[order[k]] = inserted === null || inserted[k];
    for (let r = 0; r < isNew.length; r++) {
      if (isNew[r]) outcomes[cols.packs[r]].stored++;
      else outcomes[cols.packs[r]].duplicates++;
    }
    // Published after the commit, per meter, in the order they came in.
    const byMeter = new Map<number, ReadingEvent[]>();
    for (let r = 0; r < isNew.length; r++) {
      if (!isNew[r]) continue;
      const meterId = cols.meterIds[r];
      const event: ReadingEvent = { meterId, quantity: cols.quantities[r], time: cols.times[r], value: cols.values[r] };
      const events = byMeter.get(meterId);
      if (events) events.push(event);
      else byMeter.set(meterId, [event]);
    }
    for (const [meterId, events] of byMeter) this.pubSub.publishAll('reading', meterId, events);
    if (byMeter.size) this.onStored([...byMeter.keys()]);
    return outcomes;
  }
}

/**
 * Ingest: the domain side of the device protocol. A batch carries packs from many CoAP requests; each pack
 * is authenticated by its device token, checked against the controller's meters, and the whole batch is
 * written in one transaction. Only after the commit are the stored readings published and the outcomes
 * returned, so a bridge never acknowledges what is not stored.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { transactionWithLockWait } from '../db/write-lock.js';
import { StorageUnavailableError } from '../graphql/errors.js';
import type { LivePubSub, ReadingEvent } from '../pubsub/pubsub.js';
import { hashSecret } from '../security/tokens.js';
import { QUANTITIES, type Quantity } from './quantity.js';
import { markDirty, type DirtyRange } from './rollups.service.js';

export interface PackReading {
  meter: string;
  quantity: Quantity;
  /** Epoch milliseconds. */
  time: number;
  value: number;
}

export interface Pack {
  token: string;
  readings: PackReading[];
}

export enum PackStatus {
  /** Every reading is stored (now, or by an earlier copy of the same pack). */
  STORED = 'STORED',
  /** Unknown or revoked device token. */
  UNAUTHORIZED = 'UNAUTHORIZED',
  /** A meter in the pack is not served by this controller; nothing of the pack is stored. */
  FORBIDDEN = 'FORBIDDEN',
  /** The pack is well-formed but not acceptable (e.g. a time in the future); nothing of it is stored. */
  INVALID = 'INVALID',
}

export interface PackOutcome {
  status: PackStatus;
  stored: number;
  duplicates: number;
  message: string | null;
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

/** Rows per INSERT statement: 4 parameters each stays under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 2000;

/** Row order for writes: by meter, quantity, then time. */
const byKey = (a: { meterId: number; quantity: string; time?: number }, b: { meterId: number; quantity: string; time?: number }) =>
  a.meterId - b.meterId || (a.quantity < b.quantity ? -1 : a.quantity > b.quantity ? 1 : (a.time ?? 0) - (b.time ?? 0));

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

interface Row {
  meterId: number;
  quantity: string;
  time: number;
  value: number;
  pack: number;
}

/** Quantities a controller may report about itself (named after its own serial). */
const HEALTH = new Set<string>(['rssi', 'battery']);

interface Health {
  signal?: { time: number; value: number };
  battery?: { time: number; value: number };
}

const outcome = (status: PackStatus, message: string | null = null): PackOutcome => ({ status, stored: 0, duplicates: 0, message });

export class IngestService {
  constructor(
    private readonly em: EntityManager,
    private readonly pubSub: LivePubSub,
    private readonly onStorageError: (err: unknown) => void = () => {},
  ) {}

  async ingest(packs: Pack[], now = Date.now()): Promise<PackOutcome[]> {
    const outcomes: PackOutcome[] = packs.map(() => outcome(PackStatus.STORED));
    let controllers: Map<string, { id: number; serial: string }>;
    let meters: Map<string, { id: number; controllerId: number | null }>;
    try {
      controllers = await this.controllersByTokenHash([...new Set(packs.map((p) => hashSecret(p.token)))]);
      meters = await this.metersBySerial([...new Set(packs.flatMap((p) => p.readings.map((r) => r.meter)))]);
    } catch (err) {
      this.onStorageError(err);
      throw new StorageUnavailableError();
    }

    const rows = new Map<string, Row>();
    const seenControllers = new Set<number>();
    const health = new Map<number, Health>();
    packs.forEach((pack, i) => {
      const controller = controllers.get(hashSecret(pack.token));
      if (controller === undefined) {
        outcomes[i] = outcome(PackStatus.UNAUTHORIZED);
        return;
      }
      const controllerId = controller.id;
      seenControllers.add(controllerId);
      const packRows: Row[] = [];
      const packHealth: Array<[string, number, number]> = [];
      for (const r of pack.readings) {
        // Records named after the controller itself report its own signal and battery.
        if (r.meter === controller.serial && HEALTH.has(r.quantity)) {
          const [min, max] = QUANTITIES[r.quantity].range;
          if (!Number.isFinite(r.value) || r.value < min || r.value > max) {
            outcomes[i] = outcome(PackStatus.INVALID, `${r.quantity}: value out of range`);
            return;
          }
          packHealth.push([r.quantity, r.time, r.value]);
          continue;
        }
        const meter = meters.get(r.meter);
        if (!meter || meter.controllerId !== controllerId) {
          // An unknown serial answers like a foreign one: a device learns nothing about other controllers.
          outcomes[i] = outcome(PackStatus.FORBIDDEN, `meter ${r.meter.slice(0, 32)} not served here`);
          return;
        }
        const [min, max] = QUANTITIES[r.quantity]?.range ?? [-Infinity, Infinity];
        if (!Number.isFinite(r.value) || r.value < min || r.value > max) {
          outcomes[i] = outcome(PackStatus.INVALID, `${r.quantity}: value out of range`);
          return;
        }
        if (!(r.time >= MIN_TIME_MS)) {
          outcomes[i] = outcome(PackStatus.INVALID, `${r.quantity}: time before 2000`);
          return;
        }
        if (r.time > now + MAX_CLOCK_AHEAD_MS) {
          outcomes[i] = outcome(PackStatus.INVALID, `${r.quantity}: time in the future`);
          return;
        }
        packRows.push({ meterId: meter.id, quantity: r.quantity, time: Math.trunc(r.time), value: r.value, pack: i });
      }
      for (const [quantity, time, value] of packHealth) {
        const h = health.get(controllerId) ?? {};
        const field = quantity === 'rssi' ? 'signal' : 'battery';
        if (!h[field] || h[field]!.time <= time) h[field] = { time, value };
        health.set(controllerId, h);
      }
      for (const row of packRows) {
        const key = `${row.meterId}|${row.quantity}|${row.time}`;
        // The same reading twice in one batch (a retransmission, or a pack repeating itself) is stored once.
        if (rows.has(key)) outcomes[i].duplicates++;
        else rows.set(key, row);
      }
    });

    let inserted: Row[];
    try {
      // Every writer takes its row locks in one order — readings, rollup marks, latest values, controllers, each
      // sorted by key — so that two API processes storing overlapping batches (a modem retrying through another
      // bridge) wait for each other instead of deadlocking; a deadlock PostgreSQL still reports is retried.
      const sorted = [...rows.values()].sort(byKey);
      inserted = await retryDeadlocks(() => this.store(sorted, [...seenControllers].sort((a, b) => a - b), health, now));
    } catch (err) {
      this.onStorageError(err);
      throw new StorageUnavailableError();
    }
    const insertedKeys = new Set(inserted.map((r) => `${r.meterId}|${r.quantity}|${r.time}`));
    for (const [key, row] of rows) {
      if (insertedKeys.has(key)) outcomes[row.pack].stored++;
      else outcomes[row.pack].duplicates++;
    }
    // Published in the order they came in.
    for (const [key, row] of rows) {
      if (!insertedKeys.has(key)) continue;
      const event: ReadingEvent = { meterId: row.meterId, quantity: row.quantity, time: row.time, value: row.value };
      this.pubSub.publish('reading', row.meterId, event);
    }
    return outcomes;
  }

  private async controllersByTokenHash(hashes: string[]): Promise<Map<string, { id: number; serial: string }>> {
    if (!hashes.length) return new Map();
    const found = await this.em
      .getConnection()
      .execute<Array<{ token_hash: string; controller_id: number; serial: string }>>(
        `select t.token_hash, t.controller_id, c.serial from device_token t join controller c on c.id = t.controller_id
         where t.revoked_at is null and c.revoked_at is null and t.token_hash in (${hashes.map(() => '?').join(',')})`,
        hashes,
      );
    return new Map(found.map((r: { token_hash: string; controller_id: number; serial: string }) => [r.token_hash, { id: Number(r.controller_id), serial: r.serial }]));
  }

  private async metersBySerial(serials: string[]): Promise<Map<string, { id: number; controllerId: number | null }>> {
    if (!serials.length) return new Map();
    const found = await this.em
      .getConnection()
      .execute<Array<{ id: number; serial: string; controller_id: number | null }>>(
        `select id, serial, controller_id from meter where serial in (${serials.map(() => '?').join(',')})`,
        serials,
      );
    return new Map(found.map((r: { id: number; serial: string; controller_id: number | null }) => [r.serial, { id: Number(r.id), controllerId: r.controller_id === null ? null : Number(r.controller_id) }]));
  }

  /** One transaction: new readings, the latest value per meter and quantity, and the controllers' last-seen time. */
  private async store(rows: Row[], controllerIds: number[], health: Map<number, Health>, now: number): Promise<Row[]> {
    if (!rows.length && !controllerIds.length) return [];
    const platform = this.em.getPlatform();
    const date = (ms: number) => platform.processDateProperty(new Date(ms));
    const em = this.em;
    return transactionWithLockWait(em, INGEST_LOCK_WAIT_MS, async (ctx) => {
      const conn = em.getConnection();
      const inserted: Row[] = [];
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const params = chunk.flatMap((r) => [r.meterId, r.quantity, date(r.time), r.value]);
        const insert = `insert into reading (meter_id, quantity, time, value) values ${chunk.map(() => '(?, ?, ?, ?)').join(',')} on conflict do nothing`;
        // Almost every batch is all new readings: insert without RETURNING (reading the returned rows back was a
        // quarter of the API's time on 96-record packs) and compare the count. Only when it falls short (a
        // retransmission, a pack sent twice) is the chunk undone and inserted again, returning which were new.
        await conn.execute('savepoint ingest_chunk', [], 'run', ctx);
        const { affectedRows } = await conn.execute<{ affectedRows: number }>(insert, params, 'run', ctx);
        if (affectedRows === chunk.length) {
          await conn.execute('release savepoint ingest_chunk', [], 'run', ctx);
          inserted.push(...chunk);
          continue;
        }
        await conn.execute('rollback to savepoint ingest_chunk', [], 'run', ctx);
        await conn.execute('release savepoint ingest_chunk', [], 'run', ctx);
        const byKey = new Map(chunk.map((r) => [`${r.meterId}|${r.quantity}|${r.time}`, r]));
        const returned = await conn.execute<Array<{ meter_id: number; quantity: string; time: Date | number | string }>>(
          `${insert} returning meter_id, quantity, time`,
          params,
          'all',
          ctx,
        );
        for (const r of returned) {
          const row = byKey.get(`${Number(r.meter_id)}|${r.quantity}|${new Date(r.time).getTime()}`);
          if (row) inserted.push(row);
        }
      }
      // The hourly rollups around what changed are recomputed by the rollup job.
      const ranges = new Map<string, DirtyRange>();
      for (const r of inserted) {
        const key = `${r.meterId}|${r.quantity}`;
        const range = ranges.get(key);
        if (!range) ranges.set(key, { meterId: r.meterId, quantity: r.quantity, from: r.time, to: r.time });
        else {
          range.from = Math.min(range.from, r.time);
          range.to = Math.max(range.to, r.time);
        }
      }
      const dirty = [...ranges.values()].sort(byKey);
      for (let i = 0; i < dirty.length; i += CHUNK) await markDirty(em, dirty.slice(i, i + CHUNK), ctx);
      // Keep the newest value per (meter, quantity); an old reading arriving late never overwrites a newer one.
      const latest = new Map<string, Row>();
      for (const r of inserted) {
        const key = `${r.meterId}|${r.quantity}`;
        const cur = latest.get(key);
        if (!cur || cur.time < r.time) latest.set(key, r);
      }
      const latestRows = [...latest.values()].sort(byKey);
      for (let i = 0; i < latestRows.length; i += CHUNK) {
        const chunk = latestRows.slice(i, i + CHUNK);
        await conn.execute(
          `insert into latest_reading (meter_id, quantity, time, value) values ${chunk.map(() => '(?, ?, ?, ?)').join(',')}
           on conflict (meter_id, quantity) do update set time = excluded.time, value = excluded.value
           where excluded.time > latest_reading.time`,
          chunk.flatMap((r) => [r.meterId, r.quantity, date(r.time), r.value]),
          'run',
          ctx,
        );
      }
      if (controllerIds.length) {
        await conn.execute(
          `update controller set last_seen_at = ? where id in (${controllerIds.map(() => '?').join(',')})`,
          [date(now), ...controllerIds],
          'run',
          ctx,
        );
      }
      for (const [id, h] of [...health].sort((a, b) => a[0] - b[0])) {
        const sets = [...(h.signal ? ['signal_dbm = ?'] : []), ...(h.battery ? ['battery_pct = ?'] : [])];
        await conn.execute(`update controller set ${sets.join(', ')} where id = ?`, [...(h.signal ? [h.signal.value] : []), ...(h.battery ? [h.battery.value] : []), id], 'run', ctx);
      }
      return inserted;
    });
  }
}

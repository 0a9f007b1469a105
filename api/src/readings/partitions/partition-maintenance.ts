/**
 * Upkeep of the weekly partitions of `reading` on PostgreSQL (created by Migration20261205120000_reading_partitions):
 * partitions made ahead of time, readings that landed in the DEFAULT partition moved into their week, and — when
 * RAW_READINGS_RETENTION_DAYS is set — weeks older than the retention detached and dropped. The rollups
 * (reading_hour, reading_day) are never touched: reports keep every period.
 *
 * The product's own maintenance rather than pg_partman: it is four statements, it needs no extension (managed
 * PostgreSQL services do not all offer pg_partman, and Debian's package had to be installed on the server), and the
 * parts pg_partman would not do for us — the raw horizon the rollups respect, ingest refusing what retention would
 * drop — have to live here anyway.
 *
 * Locks, because ingest must not wait (P6: no lock against ingest longer than 100 ms):
 * - A week is created as a table of its own and ATTACHed: ATTACH takes SHARE UPDATE EXCLUSIVE on `reading`, which
 *   inserts do not conflict with; only the DEFAULT partition is locked exclusively while it is checked (it holds
 *   nothing or almost nothing). `CREATE TABLE … PARTITION OF` would lock `reading` exclusively.
 * - Retention uses a plain DETACH: PostgreSQL refuses DETACH … CONCURRENTLY while a DEFAULT partition exists, and
 *   the DEFAULT partition is what guarantees no reading is refused. A plain DETACH locks `reading` exclusively but
 *   only changes the catalog (measured: a few milliseconds, SCALING.md); the DROP that removes the files then locks
 *   the detached table alone.
 * - Every such statement runs with a short lock_timeout: waiting in the lock queue behind a long report query would
 *   make every insert queue behind us. Timed out, the step is retried on the next pass (weeks are made four ahead).
 * Several API processes may run this at once: a pass runs only in the one holding an advisory lock.
 */
import type { Knex } from '@mikro-orm/knex';
import { dialectOf } from '../../db/dialect.js';
import type { Orm } from '../../db/orm.js';
import type { Logger } from '../../log.js';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** Weeks made ahead of the current one: four weeks of maintenance may fail before a reading lands in DEFAULT. */
export const WEEKS_AHEAD = 4;
/**
 * Raw readings kept beyond the retention: the rollup recompute of a late reading reads its neighbours, and those
 * must still be there for a reading ingest accepted at the edge of the retention.
 */
export const RETENTION_MARGIN_MS = DAY_MS;
/** How long a maintenance statement waits for a lock on the readings before giving up until the next pass. */
export const LOCK_TIMEOUT_MS = 50;
/** Rows of the DEFAULT partition deleted per statement when they are older than the horizon. */
const DELETE_CHUNK = 10_000;
/** Arbitrary but fixed: the advisory lock that lets one process at a time maintain the partitions. */
const PARTITION_LOCK = 7_355_610;
/** Hourly: a pass finds nothing to do almost every time, and weeks are made a month ahead. */
export const MAINTENANCE_INTERVAL_MS = 3_600_000;

/** Monday 00:00 UTC of the week holding `t` (epoch ms). 1970-01-01 was a Thursday: weeks are offset by 4 days. */
export function weekStart(t: number): number {
  const monday = 4 * DAY_MS;
  return Math.floor((t - monday) / WEEK_MS) * WEEK_MS + monday;
}

/** reading_wYYYYMMDD: the partition of the week starting at `start`. */
export function partitionName(start: number): string {
  return `reading_w${new Date(start).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

const NAME = /^reading_w(\d{4})(\d{2})(\d{2})$/;
function startOf(name: string): number | null {
  const m = NAME.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** The oldest reading time ingest accepts under a retention of `retentionDays` (null: no limit). */
export function retentionCutoff(retentionDays: number | null, now: number): number | null {
  return retentionDays === null ? null : now - retentionDays * DAY_MS;
}

export interface PartitionSettings {
  /** RAW_READINGS_RETENTION_DAYS; null keeps every raw reading. */
  retentionDays: number | null;
}

export interface PassReport {
  /** False when another process held the lock (it does the work). */
  ran: boolean;
  created: string[];
  /** Readings moved out of the DEFAULT partition into their new week. */
  moved: number;
  dropped: string[];
  /** Readings of the DEFAULT partition deleted because they are older than the horizon. */
  deletedFromDefault: number;
  /** Steps that timed out waiting for a lock or failed: retried on the next pass. */
  deferred: string[];
}

interface PgClient {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * One maintenance pass on `knex`'s PostgreSQL database at time `now`. Safe to run from several processes and to
 * repeat: what exists is left alone.
 */
export async function runPartitionMaintenance(knex: Knex, settings: PartitionSettings, now = Date.now()): Promise<PassReport> {
  const report: PassReport = { ran: false, created: [], moved: 0, dropped: [], deletedFromDefault: 0, deferred: [] };
  const client = knex.client as { acquireConnection(): Promise<PgClient>; releaseConnection(c: PgClient): Promise<void> };
  const conn = await client.acquireConnection();
  let locked = false;
  try {
    // Session-level, on this connection: released below before the connection goes back to the pool.
    locked = (await conn.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [PARTITION_LOCK])).rows[0].ok;
    if (!locked) return report;
    report.ran = true;
    // Nothing to do on a database the migration has not partitioned (a down-migrated one, say).
    const partitioned = await conn.query(`select 1 from pg_partitioned_table where partrelid = to_regclass('reading')`);
    if (!partitioned.rowCount) return report;

    const step = async (what: string, fn: () => Promise<void>) => {
      try {
        await conn.query('begin');
        await conn.query(`set local lock_timeout = '${LOCK_TIMEOUT_MS}ms'`);
        await fn();
        await conn.query('commit');
        return true;
      } catch (err) {
        await conn.query('rollback').catch(() => {});
        if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE) report.deferred.push(`${what}: ${(err as Error).message}`);
        else report.deferred.push(`${what}: lock not available within ${LOCK_TIMEOUT_MS} ms`);
        return false;
      }
    };

    const attached = new Set(
      (await conn.query<{ name: string }>(`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'reading'::regclass`)).rows.map((r) => r.name),
    );
    const cutoff = retentionCutoff(settings.retentionDays, now);
    // Weeks wholly before this go: the retention plus a day of neighbours for the rollups (RETENTION_MARGIN_MS).
    const dropBefore = cutoff === null ? null : weekStart(cutoff - RETENTION_MARGIN_MS);

    // 1. The weeks to have: last week to WEEKS_AHEAD ahead, and any week the DEFAULT partition holds readings of.
    const wanted = new Set<number>();
    for (let w = weekStart(now) - WEEK_MS; w <= weekStart(now) + WEEKS_AHEAD * WEEK_MS; w += WEEK_MS) wanted.add(w);
    const inDefault = await conn.query<{ w: Date }>(
      `select distinct date_trunc('week', "time" at time zone 'UTC') at time zone 'UTC' as w from reading_default where "time" >= '2000-01-01'`,
    );
    for (const r of inDefault.rows) wanted.add(new Date(r.w).getTime());
    for (const w of [...wanted].sort((a, b) => a - b)) {
      const name = partitionName(w);
      if (attached.has(name) || (dropBefore !== null && w < dropBefore)) continue;
      const from = new Date(w).toISOString();
      const to = new Date(w + WEEK_MS).toISOString();
      let moved = 0;
      const ok = await step(`create ${name}`, async () => {
        // A table of its own, then ATTACH (see above). A leftover of a pass that failed after its commit is reused.
        await conn.query(`create table if not exists ${name} (like reading including defaults including constraints including storage)`);
        await conn.query(`alter table ${name} drop constraint if exists ${name}_pkey`);
        await conn.query(`alter table ${name} add constraint ${name}_pkey primary key (meter_id, quantity, "time")`);
        // The week's readings leave DEFAULT in the same transaction that attaches the week: none is lost or doubled.
        const m = await conn.query(
          `with gone as (delete from reading_default where "time" >= $1 and "time" < $2 returning meter_id, quantity, "time", value)
           insert into ${name} (meter_id, quantity, "time", value) select meter_id, quantity, "time", value from gone on conflict do nothing`,
          [from, to],
        );
        moved = m.rowCount ?? 0;
        await conn.query(`alter table reading attach partition ${name} for values from ('${from}') to ('${to}')`);
      });
      if (ok) {
        report.created.push(name);
        report.moved += moved;
        attached.add(name);
      }
    }

    if (dropBefore === null) return report;
    // 2. Retention. First the horizon, committed before anything is dropped: from then on the rollups never
    //    recompute an hour before it from raw readings that may be gone.
    await conn.query(
      `insert into reading_retention (id, horizon) values (1, $1) on conflict (id) do update set horizon = greatest(reading_retention.horizon, excluded.horizon)`,
      [new Date(dropBefore).toISOString()],
    );
    // Readings of DEFAULT older than the horizon (odd clocks before retention existed), in bounded chunks.
    for (;;) {
      const d = await conn.query(
        `delete from reading_default where ctid = any (array(select ctid from reading_default where "time" < $1 limit ${DELETE_CHUNK}))`,
        [new Date(dropBefore).toISOString()],
      );
      report.deletedFromDefault += d.rowCount ?? 0;
      if ((d.rowCount ?? 0) < DELETE_CHUNK) break;
    }
    // Every week table before the horizon, attached or left detached by a pass interrupted between DETACH and DROP.
    const weeks = (await conn.query<{ name: string }>(`select relname as name from pg_class where relkind = 'r' and relname ~ '^reading_w[0-9]{8}$'`)).rows
      .map((r) => ({ name: r.name, start: startOf(r.name) }))
      .filter((p): p is { name: string; start: number } => p.start !== null && p.start + WEEK_MS <= dropBefore)
      .sort((a, b) => a.start - b.start);
    for (const p of weeks) {
      if (attached.has(p.name) && !(await step(`detach ${p.name}`, () => conn.query(`alter table reading detach partition ${p.name}`).then(() => {})))) continue;
      // The files go with the detached table, which nothing else locks.
      if (await step(`drop ${p.name}`, () => conn.query(`drop table ${p.name}`).then(() => {}))) report.dropped.push(p.name);
    }
    return report;
  } finally {
    if (locked) await conn.query('select pg_advisory_unlock($1)', [PARTITION_LOCK]).catch(() => {});
    await client.releaseConnection(conn);
  }
}

/**
 * Runs a pass at once (so a restarted deployment gets its weeks before readings need them) and every
 * `intervalMs`; nothing on SQLite, which keeps one unpartitioned table. Passes never overlap.
 */
export function startPartitionMaintenance(orm: Orm, log: Logger, settings: PartitionSettings, intervalMs = MAINTENANCE_INTERVAL_MS): { stop(): Promise<void> } {
  const knex = orm.em.getKnex();
  if (!dialectOf(orm.em).isPostgres) return { stop: async () => {} };
  let stopped = false;
  let running: Promise<void> | null = null;
  const pass = async () => {
    try {
      const r = await runPartitionMaintenance(knex, settings);
      if (r.created.length || r.dropped.length || r.moved || r.deletedFromDefault) {
        log.info({ created: r.created, moved: r.moved, dropped: r.dropped, deletedFromDefault: r.deletedFromDefault }, 'reading partitions maintained');
      }
      if (r.deferred.length) log.warn({ deferred: r.deferred }, 'reading partitions: steps deferred to the next pass');
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'reading partitions: maintenance failed, will retry');
    }
  };
  const kick = () => {
    if (!stopped && !running) running = pass().finally(() => (running = null));
  };
  const timer = setInterval(kick, intervalMs);
  timer.unref();
  kick();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

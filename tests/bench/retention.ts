/**
 * Retention benchmark (pnpm bench retention; PostgreSQL only): on a throwaway database,
 * 1. the conversion migration (Migration20261205120000_reading_partitions) on `--meters` meters × `--days` days of
 *    15-minute readings stored unpartitioned: rows/s;
 * 2. retention dropping that month (RAW_READINGS_RETENTION_DAYS = 60, the data 70–100 days old) through the
 *    product's maintenance pass (plain DETACH + DROP per week), while a second connection inserts one reading at a
 *    time into `reading` in a loop: the pass's duration, and the inserts' latency — median and worst — against a
 *    baseline of the same loop with nothing else running. P6: ≤ 1 s, no insert waiting longer than 100 ms.
 */
import pg from 'pg';
import { MikroORM, ormOptions, runPartitionMaintenance } from '@askue/api/testing';
import { createPostgres } from '../support/storage.js';
import { median, table } from './support.js';

const Q15 = 15 * 60_000;
const DAY = 86_400_000;

/** Runs single-row inserts into `reading` until `stop()`; their latencies in ms. */
function insertLoop(url: string) {
  const latencies: number[] = [];
  let stopped = false;
  const client = new pg.Client({ connectionString: url });
  const done = (async () => {
    await client.connect();
    for (let i = 0; !stopped; i++) {
      const t0 = performance.now();
      await client.query({ name: 'ins', text: `insert into reading (meter_id, quantity, time, value) values ($1, 'energy', now() - make_interval(secs => $2), 1) on conflict do nothing`, values: [1_000_000 + (i % 1000), i / 1000] });
      latencies.push(performance.now() - t0);
    }
    await client.end();
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return latencies;
    },
  };
}

const stats = (xs: number[]) => ({ inserts: xs.length, median_ms: median(xs), max_ms: Math.max(...xs) });

export async function benchRetention(options: { meters: number; days: number }): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const { db, drop } = await createPostgres(adminUrl, 'askue_ret');
  const orm = await MikroORM.init(await ormOptions(db));
  try {
    await orm.getMigrator().up({ to: 'Migration20261205064630_webhooks' });
    const sql = (q: string) => orm.em.fork().getConnection().execute(q);
    const now = Date.now();
    const from = Math.floor((now - 100 * DAY) / Q15) * Q15;
    const to = from + options.days * DAY;
    let t0 = performance.now();
    await sql(`insert into reading (meter_id, quantity, time, value)
               select m, 'energy', to_timestamp(t / 1000.0), t / 3600000.0 from generate_series(1, ${options.meters}) m, generate_series(${from}::bigint, ${to - 1}::bigint, ${Q15}) t`);
    // And the last 30 days, which retention keeps.
    await sql(`insert into reading (meter_id, quantity, time, value)
               select m, 'energy', to_timestamp(t / 1000.0), t / 3600000.0 from generate_series(1, ${options.meters}) m, generate_series(${Math.floor((now - 30 * DAY) / Q15) * Q15}::bigint, ${now}::bigint, ${Q15}) t`);
    const fill = performance.now() - t0;
    const rows = Number((await sql(`select count(*) as n from reading`))[0].n);
    console.log(`${rows.toLocaleString('en')} readings stored unpartitioned in ${(fill / 1000).toFixed(1)} s`);

    t0 = performance.now();
    await orm.getMigrator().up();
    const convert = performance.now() - t0;
    const after = Number((await sql(`select count(*) as n from reading`))[0].n);
    if (after !== rows) throw new Error(`conversion lost readings: ${rows} before, ${after} after`);
    await sql('vacuum analyze reading');

    // Baseline: the insert loop alone, as long as the retention pass is expected to take (2 s).
    let loop = insertLoop(db.url);
    await new Promise((r) => setTimeout(r, 2000));
    const baseline = await loop.stop();

    const old = Number((await sql(`select count(*) as n from reading where time < now() - interval '61 days'`))[0].n);
    loop = insertLoop(db.url);
    await new Promise((r) => setTimeout(r, 200));
    t0 = performance.now();
    const pass = await runPartitionMaintenance((orm.em as unknown as { getKnex(): Parameters<typeof runPartitionMaintenance>[0] }).getKnex(), { retentionDays: 60 });
    const retention = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 200));
    const during = await loop.stop();
    const left = Number((await sql(`select count(*) as n from reading where time < now() - interval '61 days'`))[0].n);
    if (pass.deferred.length) console.log('deferred:', pass.deferred);

    console.log(
      table([
        { step: 'conversion (migration)', readings: rows, seconds: convert / 1000, rows_per_s: Math.round(rows / (convert / 1000)) },
        { step: `retention: ${pass.dropped.length} weeks dropped`, readings: old - left, seconds: retention / 1000, rows_per_s: Math.round((old - left) / (retention / 1000)) },
      ]),
    );
    console.log();
    console.log(table([{ loop: 'alone (baseline)', ...stats(baseline) }, { loop: 'during retention', ...stats(during) }]));
  } finally {
    await orm.close();
    await drop();
  }
}

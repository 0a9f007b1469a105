/**
 * P7 — rollup workers (pnpm bench rollups; PostgreSQL only, as the worker role is): how many dirty ranges per
 * second one `pnpm start:worker` process recomputes, and two side by side, in the same run (one worker is the
 * baseline). The workload is the steady state of live ingest: every meter has two days of 15-minute energy
 * readings and its last hour marked dirty, as ingest leaves it between two runs of the job.
 *
 * Each round marks the ranges dirty in one statement, times from the first claim until no range is left, then
 * stops the workers and reads how many ranges each says it recomputed: their sum must equal the ranges marked —
 * a range done twice (or lost) is printed as such and fails the bench.
 */
import pg from 'pg';
import { openDatabase, ProvisioningService, MeterKind } from '@askue/api/testing';
import { createPostgres } from '../support/storage.js';
import { startWorkerProcess, type Proc } from '../support/processes.js';
import { processesMatching } from '../support/os.js';
import { cpuBetween, cpuSnapshot, median, spreadOf, table } from './support.js';

const H = 3_600_000;

export async function benchRollups(o: { meters: number; rounds: number }): Promise<void> {
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const { db, drop } = await createPostgres(admin, 'askue_p7');
  const client = new pg.Client({ connectionString: db.url });
  try {
    // Migrate, and one provisioned meter whose row the others copy (reading_hour and reading_day reference meters).
    const orm = await openDatabase(db);
    await new ProvisioningService(orm.em.fork()).createController('CP7-TEMPLATE', [{ serial: 'P7-TEMPLATE', kind: MeterKind.ELECTRICITY }]);
    await orm.close();
    await client.connect();
    const columns = (await client.query(`select column_name from information_schema.columns where table_name = 'meter' and column_name not in ('id', 'serial')`)).rows.map((r) => `"${r.column_name}"`);
    await client.query(
      `insert into meter (serial, ${columns.join(', ')}) select 'P7-' || g, ${columns.map((c) => `t.${c}`).join(', ')} from meter t, generate_series(1, $1) g where t.serial = 'P7-TEMPLATE'`,
      [o.meters],
    );
    const end = Math.floor(Date.now() / H) * H;
    const from = end - 48 * H;
    const started = performance.now();
    await client.query(
      `insert into reading (meter_id, quantity, time, value)
       select m.id, 'ENERGY', to_timestamp((${from} + k * 900000) / 1000.0), 1000000 + k * (50 + m.id % 40)
         from meter m, generate_series(0, 192) k where m.serial like 'P7-%' and m.serial <> 'P7-TEMPLATE'`,
    );
    const readings = o.meters * 193;
    console.log(`${o.meters.toLocaleString('en')} meters, ${readings.toLocaleString('en')} readings loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const markDirty = () =>
      client.query(
        `insert into rollup_dirty (meter_id, quantity, from_time, to_time)
         select id, 'ENERGY', to_timestamp(${end - H} / 1000.0), to_timestamp(${end} / 1000.0) from meter where serial like 'P7-%' and serial <> 'P7-TEMPLATE'`,
      );
    // Build the history's rollups once (not timed), so that every round recomputes the same steady-state work.
    await client.query(
      `insert into rollup_dirty (meter_id, quantity, from_time, to_time)
       select meter_id, quantity, min(time), max(time) from reading group by meter_id, quantity`,
    );
    await runRound(db.url, 2, client, o.meters, async () => undefined, true);

    const results: Record<1 | 2, Array<Awaited<ReturnType<typeof runRound>>>> = { 1: [], 2: [] };
    for (let round = 0; round < o.rounds; round++) {
      for (const workers of [1, 2] as const) {
        const r = await runRound(db.url, workers, client, o.meters, markDirty);
        results[workers].push(r);
        console.log(
          `round ${round + 1}, ${workers} worker${workers > 1 ? 's' : ''}: ${r.rate.toFixed(0)} ranges/s (${r.seconds.toFixed(2)} s; ranges per worker ${r.perWorker.join(' + ')}; ` +
            `CPU s: workers ${r.cpu.workers.toFixed(2)}, PostgreSQL ${r.cpu.PostgreSQL.toFixed(2)})`,
        );
      }
    }
    const one = median(results[1].map((r) => r.rate));
    const two = median(results[2].map((r) => r.rate));
    console.log(
      '\n' +
        table([
          ...([1, 2] as const).map((w) => {
            const rate = median(results[w].map((r) => r.rate));
            const per = (f: (r: (typeof results)[1][number]) => number) => median(results[w].map((r) => (f(r) * 1e6) / r.marked));
            return {
              workers: w,
              'ranges/s (median)': Math.round(rate),
              spread: spreadOf(results[w].map((r) => r.rate)),
              'vs 1 worker': `${(rate / one).toFixed(2)}×`,
              'worker CPU ms / 1000 ranges': Math.round(per((r) => r.cpu.workers)),
              'PostgreSQL CPU ms / 1000 ranges': Math.round(per((r) => r.cpu.PostgreSQL)),
            };
          }),
        ]),
    );
    const size = (await client.query(`select (select sum(pg_total_relation_size(inhrelid)) from pg_inherits where inhparent = 'reading'::regclass) as raw, pg_total_relation_size('reading_hour') as hours, pg_total_relation_size('reading_day') as days`)).rows[0];
    console.log(
      `\nstorage: raw readings ${(Number(size.raw) / readings * 1e6 / 2 ** 20).toFixed(1)} MiB per million; ` +
        `rollups ${((Number(size.hours) + Number(size.days)) / o.meters / 2 ** 10).toFixed(1)} KiB per meter for two days`,
    );
    console.log(`target (P7): 2 workers ≥ 1.8× one worker, no range recomputed twice — ${two / one >= 1.8 ? 'met' : 'NOT met'} on this machine (${(await import('node:os')).cpus().length} cores shared by the workers and PostgreSQL)`);
  } finally {
    await client.end().catch(() => undefined);
    await drop();
  }
}

/** Starts `workers` worker processes, marks the ranges dirty, waits until none is left; stops them and counts. */
async function runRound(url: string, workers: number, client: pg.Client, meters: number, markDirty: () => Promise<unknown>, warmUp = false) {
  const procs: Proc[] = Array.from({ length: workers }, () => startWorkerProcess({ DATABASE_URL: url, LOG_LEVEL: 'info' }));
  await Promise.all(procs.map((p) => p.waitFor(/rollup worker started/, 60_000)));
  await markDirty();
  const marked = Number((await client.query(`select count(*)::int as n from rollup_dirty`)).rows[0].n);
  const groups = { workers: async () => procs.map((p) => p.child.pid!), PostgreSQL: () => processesMatching(/^postgres(:|\s|$)/) };
  const before = await cpuSnapshot(groups);
  let first = 0;
  let done = 0;
  for (const deadline = Date.now() + 600_000; Date.now() < deadline; ) {
    const { rows } = await client.query(`select count(*)::int as n, count(claimed_until)::int as claimed from rollup_dirty`);
    const now = performance.now();
    if (!first && (rows[0].claimed > 0 || rows[0].n < marked)) first = now;
    if (rows[0].n === 0) {
      done = now;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const cpu = cpuBetween(before, await cpuSnapshot(groups));
  await Promise.all(procs.map((p) => p.stop()));
  const perWorker = procs.map((p) => {
    const line = p.output.find((l) => l.includes('"msg":"stopped"'));
    return line ? Number(JSON.parse(line).ranges) : NaN;
  });
  if (!done) throw new Error(`rollup workers did not finish ${marked} ranges in 10 minutes`);
  const total = perWorker.reduce((a, b) => a + b, 0);
  if (!warmUp && total !== meters) throw new Error(`${meters} ranges marked, ${total} recomputed (${perWorker.join(' + ')}): a range done twice or lost`);
  const seconds = (done - first) / 1000;
  return { rate: marked / seconds, seconds, perWorker, marked, cpu: cpu as { workers: number; PostgreSQL: number } };
}

// Partition width (SCALING.md, issue 19): a year of hourly readings for 300 meters laid out unpartitioned, weekly or
// daily (a `-nodefault` suffix drops the DEFAULT partition), each in a throwaway database: insert throughput of
// 1,000-row unnest batches, a one-meter month and the rollups' "reading before t", as prepared statements.
// Usage: node tests/bench/partition-width.mjs none weekly daily [weekly-nodefault …]
import pg from 'pg';
const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const METERS = 300, DAYS = 365;
async function setup(kind) {
  const name = `part_w_${kind.replace('-', '_')}`;
  const a = new pg.Client({ connectionString: admin }); await a.connect();
  await a.query(`drop database if exists ${name} with (force)`); await a.query(`create database ${name}`); await a.end();
  const c = new pg.Client({ connectionString: (() => { const u = new URL(admin); u.pathname = '/' + name; return u.toString(); })() }); await c.connect();
  const part = kind !== 'none'; const nodef = kind.endsWith('-nodefault');
  await c.query(`create table reading (meter_id int not null, quantity varchar(24) not null, time timestamptz not null, value float8 not null,
    constraint reading_pkey primary key (meter_id, quantity, time)) ${part ? 'partition by range (time)' : ''}`);
  if (part) {
    if (!nodef) await c.query(`create table reading_default partition of reading default`);
    const step = kind.startsWith('daily') ? 1 : 7;
    // from a Monday a year ago to 2 weeks ahead
    const { rows } = await c.query(`select date_trunc('week', now() - interval '${DAYS} days') as s, date_trunc('day', now()) + interval '14 days' as e`);
    for (let d = new Date(rows[0].s); d < rows[0].e; d = new Date(d.getTime() + step * 86400e3)) {
      const e = new Date(d.getTime() + step * 86400e3);
      await c.query(`create table reading_p${d.toISOString().slice(0, 10).replace(/-/g, '')} partition of reading for values from ('${d.toISOString()}') to ('${e.toISOString()}')`);
    }
  }
  const t0 = performance.now();
  await c.query(`insert into reading select m, 'energy', date_trunc('hour', now()) - make_interval(hours => h), h from generate_series(1, ${METERS}) m, generate_series(1, ${DAYS * 24}) h`);
  const fill = performance.now() - t0;
  await c.query('vacuum analyze reading');
  const n = (await c.query(`select count(*)::int n, (select count(*) from pg_inherits where inhparent = 'reading'::regclass)::int p from reading`)).rows[0];
  return { c, name, fill, n };
}
async function measure(kind) {
  const { c, name, fill, n } = await setup(kind);
  // 1. ingest-like: named prepared unnest insert, 1,000 rows a batch at the current hour, meters 1001..2000
  const text = `insert into reading (meter_id, quantity, time, value) select m, q, to_timestamp(t / 1000.0), v from unnest($1::int[], $2::text[], $3::float8[], $4::float8[]) as u(m, q, t, v) on conflict do nothing`;
  const B = 60, N = 1000, base = Date.now() - 3600e3;
  const ids = Array.from({ length: N }, (_, i) => 1001 + i), qs = ids.map(() => 'energy');
  let t0 = performance.now();
  for (let b = 0; b < B; b++) await c.query({ name: 'ins', text, values: [ids, qs, ids.map(() => base + b * 1000), ids.map(() => b)] });
  const insertRate = (B * N) / ((performance.now() - t0) / 1000);
  // 2. one meter, one month of raw readings (prepared: generic plan after five runs)
  const month = `select time, value from reading where meter_id = $1 and quantity = 'energy' and time >= $2 and time < $3 order by time`;
  const R = 300;
  t0 = performance.now();
  for (let i = 0; i < R; i++) {
    const end = Date.now() - (i % 300) * 86400e3 / 2;
    await c.query({ name: 'month', text: month, values: [1 + (i % METERS), new Date(end - 30 * 86400e3), new Date(end)] });
  }
  const monthMs = (performance.now() - t0) / R;
  // 3. the rollup's neighbour: the reading before a time (prepared)
  const nb = `select time from reading where meter_id = $1 and quantity = 'energy' and time < $2 order by time desc limit 1`;
  t0 = performance.now();
  for (let i = 0; i < R; i++) await c.query({ name: 'nb', text: nb, values: [1 + (i % METERS), new Date(Date.now() - 600e3)] });
  const nbMs = (performance.now() - t0) / R;
  const nb2 = `select coalesce((select time from reading where meter_id = $1 and quantity = 'energy' and time < $2 and time >= $2 - interval '2 days' order by time desc limit 1), (select time from reading where meter_id = $1 and quantity = 'energy' and time < $2 order by time desc limit 1))`;
  t0 = performance.now();
  for (let i = 0; i < R; i++) await c.query({ name: 'nb2', text: nb2, values: [1 + (i % METERS), new Date(Date.now() - 600e3)] });
  const nb2Ms = (performance.now() - t0) / R;
  console.log(JSON.stringify({ kind, partitions: n.p, rows: n.n, fillRowsPerS: Math.round(n.n / (fill / 1000)), insertRowsPerS: Math.round(insertRate), monthQueryMs: +monthMs.toFixed(3), neighbourMs: +nbMs.toFixed(3), boundedNeighbourMs: +nb2Ms.toFixed(3) }));
  await c.end();
  const a = new pg.Client({ connectionString: admin }); await a.connect(); await a.query(`drop database ${name} with (force)`); await a.end();
}
for (const k of process.argv.slice(2)) await measure(k);

/**
 * `pnpm bench [name…] [options]`: runs benchmarks and prints their figures next to a baseline measured in the
 * same run. Benchmarks are not tests: nothing here passes or fails on timing.
 *   ingest   --pg (PostgreSQL + Redis instead of SQLite) --modems N (1000) --rounds R (3) --seconds S (10) --records K (1)
 *   reports  --pg --rounds R (20)
 *   fuzz     --pg --count N (1,000,000) --seed S (random; printed, to replay a run)
 *   latency  --pg --rate R (readings/s of background load; default half the median of R end-to-end P1 rounds measured first)
 *            --modems N (1000) --rounds R (3) --seconds S (10)
 *   fanout   --pg --subscribers N (20,000) --meters M (N / 100) --seconds S (20)
 *   startup  --rounds R (5)
 *   retention  (PostgreSQL only) --meters N (1000) --days D (30): the conversion migration's rows/s, and retention
 *            dropping D days of raw readings while single-row inserts run beside it (their worst wait)
 *   history  P6, PostgreSQL + Redis: --rounds R (3) --seconds S (10) --settle S (0: ROLLUP_SETTLE_S) --job 0 (ROLLUP_JOB=0) — ingest and
 *            reports in a database of 35 M readings vs one meter alone
 *   rollups  P7, PostgreSQL only: --meters M (10,000) --rounds R (3) — dirty ranges/s of one rollup worker and of two
 *   all      every one of them, on SQLite and then on PostgreSQL + Redis (where storage matters); ingest twice,
 *            with 1 and with 96 readings per request
 */
import { parseArgs } from 'node:util';
import { benchFanout } from './fanout.js';
import { benchFuzz } from './fuzz.js';
import { benchIngest } from './ingest.js';
import { benchLatency } from './latency.js';
import { benchHistory } from './history.js';
import { benchReports } from './reports.js';
import { benchRetention } from './retention.js';
import { benchRollups } from './rollups.js';
import { benchStartup } from './startup.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pg: { type: 'boolean', default: false },
    modems: { type: 'string' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    records: { type: 'string', default: '1' },
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string' },
    rate: { type: 'string' },
    subscribers: { type: 'string', default: '20000' },
    meters: { type: 'string' },
    days: { type: 'string' },
    settle: { type: 'string' },
    job: { type: 'string' },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const known = ['ingest', 'reports', 'fuzz', 'latency', 'fanout', 'startup', 'retention', 'rollups', 'history'];
const asked = positionals.length ? positionals : ['ingest'];
// `all`: each benchmark on the embedded default, then (where storage or pub/sub matters) on PostgreSQL + Redis.
const runs: Array<{ name: string; pg: boolean; records?: number }> = asked.flatMap((name) =>
  name === 'all'
    ? known.flatMap((n) =>
        n === 'startup'
          ? [{ name: n, pg: false }]
          : n === 'rollups' || n === 'history' || n === 'retention'
            ? [{ name: n, pg: true }]
          : n === 'ingest'
            ? [false, true].flatMap((pg) => [{ name: n, pg, records: 1 }, { name: n, pg, records: 96 }])
            : [{ name: n, pg: false }, { name: n, pg: true }],
      )
    : [{ name, pg: values.pg! }],
);
for (const { name, pg, records } of runs) {
  console.log(`\n=== ${name}${pg ? ' --pg' : ''}${records && records > 1 ? ` --records ${records}` : ''} ===\n`);
  if (name === 'ingest') {
    await benchIngest({
      pg,
      modems: num(values.modems, 1000),
      rounds: num(values.rounds, 3),
      seconds: num(values.seconds, 10),
      records: records ?? Number(values.records),
    });
  } else if (name === 'reports') {
    await benchReports({ pg, rounds: num(values.rounds, 20) });
  } else if (name === 'fuzz') {
    await benchFuzz({ pg, count: Number(values.count), seed: values.seed === undefined ? undefined : Number(values.seed) });
  } else if (name === 'latency') {
    await benchLatency({
      pg,
      rate: values.rate === undefined ? undefined : Number(values.rate),
      modems: num(values.modems, 1000),
      rounds: num(values.rounds, 3),
      seconds: num(values.seconds, 10),
    });
  } else if (name === 'fanout') {
    const subscribers = Number(values.subscribers);
    await benchFanout({
      pg,
      subscribers,
      meters: num(values.meters, Math.max(1, Math.round(subscribers / 100))),
      seconds: num(values.seconds, 20),
    });
  } else if (name === 'retention') {
    await benchRetention({ meters: num(values.meters, 1000), days: num(values.days, 30) });
  } else if (name === 'startup') {
    await benchStartup({ rounds: num(values.rounds, 5) });
  } else if (name === 'history') {
    await benchHistory({ rounds: num(values.rounds, 3), seconds: num(values.seconds, 10), reportRounds: 20, settleS: num(values.settle, 0), rollupJob: values.job !== '0' });
  } else if (name === 'rollups') {
    await benchRollups({ meters: num(values.meters, 10_000), rounds: num(values.rounds, 3) });
  } else {
    console.error(`unknown benchmark ${name}; known: ${known.join(', ')}`);
    process.exitCode = 2;
  }
}
process.exit(process.exitCode ?? 0);

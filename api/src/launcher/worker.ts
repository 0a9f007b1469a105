/**
 * `pnpm start:worker`: a rollup worker — a process that does nothing but recompute the hourly and daily rollups
 * that ingest marked dirty, with no share cap, and keep the readings' partitions (created ahead, dropped by
 * retention; one process at a time does a pass, so the APIs doing it too is harmless). Any number of workers (and API processes still running the job)
 * share the dirty ranges: each claims its own (reports/rollups.service.ts, `claim`), so no range is done twice.
 * API processes then run with ROLLUP_JOB=0 and keep their time for ingest, live delivery and reports.
 *
 * PostgreSQL only: the embedded SQLite database has one writer, and its API runs the job itself.
 * Settings: DATABASE_URL (required), REPORT_TIME_ZONE, LOG_LEVEL — the API's own (config.ts).
 */
import { loadConfigOrExit } from '../config.js';
import { openDatabase } from '../db/orm.js';
import { createLogger } from '../log.js';
import { startPartitionMaintenance } from '../readings/partitions/partition-maintenance.js';
import { startRollupJob } from '../reports/rollup-job.js';

const config = loadConfigOrExit((c) =>
  c.database.kind === 'postgresql' ? [] : ['DATABASE_URL: a rollup worker needs PostgreSQL (on the embedded SQLite database the API runs the rollup job itself)'],
);

const log = createLogger(config.logLevel, 'worker');
const orm = await openDatabase(config.database);
const job = startRollupJob(orm, log, config.reportTimeZone, { share: 1, intervalMs: 1000, settleMs: config.rollups.settleMs });
const partitions = startPartitionMaintenance(orm, log, config.readings);
log.info({ zone: config.reportTimeZone, settleS: config.rollups.settleMs / 1000 }, 'rollup worker started');

// What it did, once a minute when it did anything.
let reported = { ranges: 0, busyMs: 0 };
const progress = setInterval(() => {
  const ranges = job.stats.ranges - reported.ranges;
  if (ranges) log.info({ ranges, busyS: Math.round((job.stats.busyMs - reported.busyMs) / 100) / 10 }, 'rollups recomputed in the last minute');
  reported = { ...job.stats };
}, 60_000);
progress.unref();

if (process.send) process.send({ type: 'ready' });

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping: finishing the run in progress');
  try {
    await job.stop();
    await partitions.stop();
    await orm.close();
    log.info({ ranges: job.stats.ranges }, 'stopped');
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'stop failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

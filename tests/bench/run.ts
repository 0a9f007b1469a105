/**
 * `pnpm bench [name…] [options]`: runs benchmarks and prints their figures next to a baseline measured in the
 * same run. Benchmarks are not tests: nothing here passes or fails on timing.
 *   ingest   --pg (PostgreSQL + Redis instead of SQLite) --modems N (1000) --rounds R (3) --seconds S (10) --records K (1)
 *   reports  --pg --rounds R (20)
 */
import { parseArgs } from 'node:util';
import { benchIngest } from './ingest.js';
import { benchReports } from './reports.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pg: { type: 'boolean', default: false },
    modems: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    records: { type: 'string', default: '1' },
  },
});
const names = positionals.length ? positionals : ['ingest'];
for (const name of names) {
  if (name === 'ingest') {
    await benchIngest({
      pg: values.pg!,
      modems: Number(values.modems),
      rounds: Number(values.rounds),
      seconds: Number(values.seconds),
      records: Number(values.records),
    });
  } else if (name === 'reports') {
    await benchReports({ pg: values.pg!, rounds: Number(values.rounds === '3' ? 20 : values.rounds) });
  } else {
    console.error(`unknown benchmark ${name}; known: ingest, reports`);
    process.exitCode = 2;
  }
}
process.exit(process.exitCode ?? 0);

/**
 * A separate API process for the crash test (src/submissions/crash.test.ts): starts the API on an existing data
 * directory, runs one pass of the submission engine at the clock WORKER_CLOCK, prints the submissions as JSON and
 * exits. The test kills it with SIGKILL while it sends, then runs another.
 */
import { startApi } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { Submission } from '../src/submissions/submission.entity.js';

const api = await startApi(loadConfig(process.env));
api.deps.submissions.now = () => new Date(process.env.WORKER_CLOCK!);
console.log('worker: sending');
await api.deps.submissions.tick();
const rows = await api.orm.em.fork().find(Submission, {}, { orderBy: { id: 'asc' } });
console.log('worker: ' + JSON.stringify(rows.map((r) => ({ id: r.id, period: r.period, status: r.status, attempts: r.attempts, key: r.idempotencyKey }))));
await api.close();
process.exit(0);

/**
 * Before the integration and browser tests: the system programs they need, with the command that installs
 * them when missing (a failure, not a skip: these tests are part of the suite).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const problems: string[] = [];
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) problems.push(`Chromium not found at ${chromium} (Debian: apt-get install -y chromium; or set CHROMIUM_PATH)`);
try {
  execFileSync('coap-client-notls', ['-h'], { stdio: 'ignore' });
} catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') problems.push("libcoap's coap-client-notls not found (Debian: apt-get install -y libcoap3-bin)");
}
for (const name of ['TEST_DATABASE_URL', 'TEST_REDIS_URL']) {
  if (!process.env[name]) console.log(`note: ${name} is not set — the PostgreSQL/Redis variants of the tests are not part of this run (.ci/run sets both)`);
}
if (problems.length) {
  console.error(`Missing what the tests need:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}

/**
 * Starts the whole product the way `pnpm start` does (API serving the built cabinet, the CoAP bridge as a
 * child process, demo data on a fresh SQLite database) on free ports, without the simulator so that the
 * values on the page are the ones the tests send.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApiProcess } from '../support/processes.js';

/**
 * An operator account, made as an installer would make one: with the product's CLI on the same database.
 * Its phone and password are left in DATA_DIR/e2e-operator.json for the tests (support/cabinet.ts).
 */
async function createOperator(dataDir: string): Promise<void> {
  const operator = { phone: '+79990000001', password: 'operator-e2e-2026', name: 'Смирнова Ольга (поддержка)' };
  const apiDir = path.dirname(createRequire(import.meta.url).resolve('@askue/api/package.json'));
  execFileSync(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'src/cli/main.ts', 'create-operator', '--phone', operator.phone, '--password', operator.password, '--name', operator.name],
    { cwd: apiDir, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await writeFile(path.join(dataDir, 'e2e-operator.json'), JSON.stringify(operator));
}

export default async function globalSetup() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'askue-e2e-'));
  const product = startApiProcess({
    DATA_DIR: dataDir,
    PORT: '0',
    COAP_PORT: '0',
    COAP_HOST: '127.0.0.1',
    SIMULATE: '0',
    LOG_LEVEL: 'warn',
    // Every test's traffic comes from 127.0.0.1: the per-address limits would stop the suite, not a bot.
    CODES_PER_IP_PER_HOUR: '100000',
    SIGN_IN_FAILURES_PER_IP_PER_HOUR: '100000',
    BIND_FAILURES_PER_IP_PER_HOUR: '100000',
    CONTACT_FORMS_PER_IP_PER_HOUR: '100000',
  });
  const url = await product.waitFor(/Кабинет:\s+(http:\/\/\S+)/, 60_000);
  const coap = await product.waitFor(/CoAP:\s+coap:\/\/localhost:(\d+)/);
  process.env.E2E_URL = url;
  process.env.E2E_COAP_PORT = coap;
  process.env.E2E_DATA_DIR = dataDir;
  await createOperator(dataDir);
  return async () => {
    await product.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

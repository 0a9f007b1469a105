/**
 * Starts the whole product the way `pnpm start` does (API serving the built cabinet, the CoAP bridge as a
 * child process, demo data on a fresh SQLite database) on free ports, without the simulator so that the
 * values on the page are the ones the tests send.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApiProcess } from '../support/processes.js';

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
  });
  const url = await product.waitFor(/Кабинет:\s+(http:\/\/\S+)/, 60_000);
  const coap = await product.waitFor(/CoAP:\s+coap:\/\/localhost:(\d+)/);
  process.env.E2E_URL = url;
  process.env.E2E_COAP_PORT = coap;
  process.env.E2E_DATA_DIR = dataDir;
  return async () => {
    await product.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

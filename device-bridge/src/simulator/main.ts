/**
 * `pnpm simulate`: feeds the demo meters (DATA_DIR/demo.json) of any bridge with readings.
 *   COAP_URL   bridge address (default coap://localhost:5683)
 *   DEMO_FILE  the demo.json written by the API (default ../data/demo.json, relative to where pnpm ran)
 *   INTERVAL_S seconds between packs (default 5)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startSimulator, type SimulatedController } from './simulator.js';

const url = new URL(process.env.COAP_URL ?? 'coap://localhost:5683');
const demoFile = path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.DEMO_FILE ?? 'data/demo.json');
const intervalS = Number(process.env.INTERVAL_S ?? 5);
if (!(intervalS > 0)) {
  console.error(`INTERVAL_S: expected a positive number of seconds (got ${JSON.stringify(process.env.INTERVAL_S)})`);
  process.exit(78);
}

let demo: { controller: SimulatedController };
try {
  demo = JSON.parse(await readFile(demoFile, 'utf8'));
} catch (err) {
  console.error(`Cannot read the demo devices from ${demoFile}: ${(err as Error).message}. Start the product once (pnpm start) or set DEMO_FILE.`);
  process.exit(66); // EX_NOINPUT
}

let failures = 0;
const sim = startSimulator({
  url,
  controllers: [demo.controller],
  intervalMs: intervalS * 1000,
  onResult: (serial, code) => {
    if (code === '2.04') {
      if (failures) console.log(`simulator: ${serial} accepted again`);
      failures = 0;
    } else if (failures++ < 3) {
      console.warn(`simulator: ${serial} → ${code}`);
    }
  },
});
console.log(`simulator: feeding ${demo.controller.meters.length} meters via ${url.host} every ${intervalS} s`);
process.send?.({ type: 'ready' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (sim.stop(), process.exit(0)));

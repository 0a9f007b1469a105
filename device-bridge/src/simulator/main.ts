/**
 * `pnpm simulate`: feeds the demo meters (DATA_DIR/demo.json) of any bridge with readings, and on its first run
 * against a data directory sends a year of 15-minute history in the background (see backfill.ts).
 *   COAP_URL      bridge address (default coap://localhost:5683)
 *   DEMO_FILE     the demo.json written by the API (default ../data/demo.json, relative to where pnpm ran)
 *   INTERVAL_S    seconds between live packs (default 5), a time-lapse of the controller's schedule; "config":
 *                 the controller's own reporting interval, as a real modem. Either way the packs go out on the
 *                 controller's phase from /config (PROTOCOL.md: at t where (t − phase) mod interval = 0).
 *   HISTORY_DAYS  days of history to send once (default 365; 0: none). Done once per data directory: the
 *                 marker history.json next to demo.json records how far it got (a stopped run carries on
 *                 there, history-plan.ts) and when it finished; delete it to send the history again.
 *   HISTORY_PACK_READINGS  readings per history pack at most (default 900; see backfill.ts for why so few)
 *   --scenario NAME (or SCENARIO)  trouble on top of normal use: burst, leak or voltage (scenarios.ts)
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { backfill } from './backfill.js';
import { historyMarker, historyPlan, type HistoryMarker } from './history-plan.js';
import { loadSimulatorConfig } from './config.js';
import { LEAK_FIXED_AFTER_S, leakStart, SAG_VOLTS, sagWindow, scenarioAdjustments } from './scenarios.js';
import { startSimulator, type SimulatedController } from './simulator.js';

const { url, demoFile, intervalS, historyDays, packReadings, scenario, problems } = loadSimulatorConfig();
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(78); // EX_CONFIG
}

let demo: { controller: SimulatedController };
try {
  demo = JSON.parse(await readFile(demoFile, 'utf8'));
} catch (err) {
  console.error(`Cannot read the demo devices from ${demoFile}: ${(err as Error).message}. Start the product once (pnpm start) or set DEMO_FILE.`);
  process.exit(66); // EX_NOINPUT
}

const startedAt = Date.now() / 1000;
/** The newest days of the history sent every ten minutes rather than every fifteen (see backfill's `dense`). */
const DENSE_DAYS = 21;
let failures = 0;
const coldWater = demo.controller.meters.find((m) => m.kind === 'COLD_WATER');
const marker = path.join(path.dirname(demoFile), 'history.json');
const previous = await readFile(marker, 'utf8').then(
  (text) => JSON.parse(text) as HistoryMarker,
  () => null,
);
const plan = historyDays > 0 ? historyPlan(previous, startedAt, historyDays) : null;
// A scenario's past is carried by a history that reaches up to now; a resumed one stops where the last run began.
const sendHistory = plan !== null && !plan.resumed;
// The same trouble in the live values and in the history (a register never runs backwards).
const adjust = scenario ? scenarioAdjustments(scenario, startedAt, sendHistory, demo.controller.meters) : undefined;
const sim = startSimulator({
  url,
  controllers: [demo.controller],
  intervalS,
  adjust,
  onResult: (serial, code) => {
    if (code === '2.04') {
      if (failures) console.log(`simulator: ${serial} accepted again`);
      failures = 0;
    } else if (failures++ < 3) {
      console.warn(`simulator: ${serial} → ${code}`);
    }
  },
});
console.log(
  `simulator: feeding ${demo.controller.meters.length} meters via ${url.host} ${intervalS === 'config' ? 'on the interval and phase /config gives' : `every ${intervalS} s, on the controller's phase from /config`}`,
);
if (scenario) {
  const electricity = demo.controller.meters.find((m) => m.kind === 'ELECTRICITY');
  const [sagFrom, sagTo] = sagWindow(startedAt, sendHistory);
  const how =
    scenario === 'leak'
      ? sendHistory
        ? `: running since ${new Date(leakStart(startedAt) * 1000).toISOString()}, carried by the history, fixed in ${LEAK_FIXED_AFTER_S} s`
        : ': from now on, for as long as this runs (no history to carry its past: the warning needs 2 h of a night or 24 h)'
      : scenario === 'voltage'
        ? `: ${SAG_VOLTS} V on phase 1 from ${new Date(sagFrom * 1000).toISOString()} to ${new Date(sagTo * 1000).toISOString()}`
        : '';
  const target = scenario === 'voltage' ? electricity?.serial : coldWater?.serial;
  console.log(`simulator: playing the ${scenario} scenario on ${target ?? 'no such meter'}${how} (see device-bridge/src/simulator/scenarios.ts)`);
}
process.send?.({ type: 'ready' });

const history = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    sim.stop();
    history.abort();
    process.exit(0);
  });
}

if (plan) {
  // Live values first: a newcomer sees the meters move at once; the history follows behind them.
  await sim.firstTick;
  const { from, to, gaps, whole } = plan;
  const days = Math.round((to - from) / 86_400);
  console.log(
    plan.resumed
      ? `simulator: carrying on with the history where the last run stopped: ${days} of ${Math.round((whole.to - whole.from) / 86_400)} days left (block-wise packs, newest first)`
      : `simulator: sending ${historyDays} days of history in the background (15-minute, the last ${DENSE_DAYS} days 10-minute) (block-wise packs, newest first)`,
  );
  await writeFile(marker, JSON.stringify(historyMarker(plan, to), null, 2) + '\n');
  let reported = 0;
  let saved = Date.now();
  // One write at a time, so a late progress write never lands over the finished marker.
  let writing = Promise.resolve();
  const result = await backfill({
    url,
    token: demo.controller.token,
    meters: demo.controller.meters,
    from,
    to,
    stepS: 900,
    // Three weeks every ten minutes: the power-quality page's last whole weeks get a verdict.
    dense: { from: whole.to - DENSE_DAYS * 86_400, stepS: 600 },
    gaps,
    maxReadings: packReadings,
    adjust,
    signal: history.signal,
    onRefused: (code, diagnostic) => console.warn(`simulator: a history pack was refused: ${code}${diagnostic ? ` ${diagnostic}` : ''}`),
    onProgress: (p) => {
      // Where a stopped run carries on: a few seconds' packs at most are sent twice (kept once by the API).
      if (Date.now() - saved > 5000) {
        saved = Date.now();
        const text = JSON.stringify(historyMarker(plan, p.sentDownTo), null, 2) + '\n';
        writing = writing.then(() => writeFile(marker, text)).catch(() => {});
      }
      const percent = Math.floor(((whole.to - p.sentDownTo) / (whole.to - whole.from)) * 100);
      if (percent >= reported + 10 || p.done === 1) {
        reported = percent - (percent % 10);
        console.log(`simulator: history ${percent} % — ${p.readings.toLocaleString('en')} readings in ${p.packs} packs, ${Math.round(p.elapsedMs / 1000)} s`);
      }
    },
  });
  await writing;
  if (!history.signal.aborted) {
    const seconds = Math.round(result.elapsedMs / 100) / 10;
    await writeFile(
      marker,
      JSON.stringify(
        historyMarker(plan, from, { readings: result.readings, packs: result.packs, refused: result.refused, seconds, finishedAt: new Date() }),
        null,
        2,
      ) + '\n',
    );
    console.log(`simulator: history done — ${result.readings.toLocaleString('en')} readings in ${result.packs} packs in ${seconds} s${result.refused ? `, ${result.refused} packs refused` : ''}`);
  }
}

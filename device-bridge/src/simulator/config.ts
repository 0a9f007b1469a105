/**
 * The simulator's settings (main.ts documents each variable): the only module of the simulator that reads
 * `process.env`. Bad values are listed, not thrown, so the simulator can name every one before it exits.
 */
import path from 'node:path';
import { SCENARIOS, type Scenario } from './scenarios.js';

export function loadSimulatorConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)) {
  const url = new URL(env.COAP_URL ?? 'coap://localhost:5683');
  // INIT_CWD: where `pnpm` was run, so a relative DEMO_FILE means what the user meant.
  const demoFile = path.resolve(env.INIT_CWD ?? process.cwd(), env.DEMO_FILE ?? 'data/demo.json');
  // A number: a time-lapse of the controller's schedule (the demo's live values move every few seconds); 'config':
  // the controller's own interval from /config, as a real modem.
  const intervalS: number | 'config' = env.INTERVAL_S === 'config' ? 'config' : Number(env.INTERVAL_S ?? 5);
  const historyDays = Number(env.HISTORY_DAYS ?? 365);
  const packReadings = Number(env.HISTORY_PACK_READINGS ?? 900);
  // --scenario NAME (or SCENARIO=NAME): trouble on top of normal use, see scenarios.ts.
  const flag = argv.indexOf('--scenario');
  const scenarioName = flag >= 0 ? argv[flag + 1] : env.SCENARIO;
  const problems = [
    !(intervalS === 'config' || intervalS > 0) && `INTERVAL_S: expected a positive number of seconds or "config" (got ${JSON.stringify(env.INTERVAL_S)})`,
    !(Number.isInteger(historyDays) && historyDays >= 0 && historyDays <= 3660) &&
      `HISTORY_DAYS: expected a whole number of days from 0 to 3660 (got ${JSON.stringify(env.HISTORY_DAYS)})`,
    !(Number.isInteger(packReadings) && packReadings >= 20) &&
      `HISTORY_PACK_READINGS: expected a whole number of at least 20 (got ${JSON.stringify(env.HISTORY_PACK_READINGS)})`,
    scenarioName !== undefined && !(SCENARIOS as readonly string[]).includes(scenarioName) &&
      `--scenario: expected one of ${SCENARIOS.join(', ')} (got ${JSON.stringify(scenarioName ?? '')})`,
  ].filter((p): p is string => Boolean(p));
  const scenario = scenarioName as Scenario | undefined;
  return { url, demoFile, intervalS, historyDays, packReadings, scenario, problems };
}

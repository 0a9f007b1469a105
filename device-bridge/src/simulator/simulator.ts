/**
 * Feeds meters with readings over real CoAP (confirmable POSTs with retransmission, by the `coap` package),
 * as the modems would: electricity packs as SenML+JSON, water packs as SenML+CBOR. The first pack of each
 * tick also carries the controller's own health (signal strength, battery) under its serial.
 */
import { encode as encodeCbor } from 'cbor-x';
import coap from 'coap';
import { controllerSamples, livePack, meterSamples, type SenmlRecord, type SimulatedMeter } from './packs.js';
import { scheduleOf } from './backfill.js';
import type { Adjust } from './scenarios.js';
import { nextReportAt, timeLapse, type ReportSchedule } from './schedule.js';

export interface SimulatedController {
  /** The controller's serial: its health records go under it (optional: then none are sent). */
  serial?: string;
  token: string;
  meters: SimulatedMeter[];
}

export interface SimulatorOptions {
  url: URL;
  controllers: SimulatedController[];
  /**
   * Seconds between live packs, a time-lapse of each controller's configured schedule (schedule.ts); 'config':
   * the controller's own reporting interval, as a real modem. Either way the packs go out on the controller's
   * phase from /config: at the moments t where (t − phase) mod interval = 0.
   */
  intervalS: number | 'config';
  onResult?: (serial: string, code: string) => void;
  /** What a scenario does to a meter's samples (scenarios.ts), by serial. */
  adjust?: Record<string, Adjust>;
  /** Reads a controller's schedule from /config (default: a GET of it; tests stand in for it). */
  readSchedule?: (token: string) => Promise<ReportSchedule | null>;
  /** Read /config again after this long at most, ms (default: one configured interval, as PROTOCOL.md says to poll). */
  rereadMs?: number;
  now?: () => number;
}

/** Until /config answers: the protocol's default interval, sent on its boundaries. */
const DEFAULT_SCHEDULE: ReportSchedule = { interval: 900, phase: 0 };
/** A /config that did not answer is asked again this soon, ms. */
const RETRY_CONFIG_MS = 30_000;

const SENML_JSON = 110;
const SENML_CBOR = 112;

export function post(url: URL, token: string, records: SenmlRecord[], format: 'json' | 'cbor'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = coap.request({
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 5683),
      pathname: `/v1/${token}/readings`,
      method: 'POST',
      confirmable: true,
    });
    req.setOption('Content-Format', format === 'json' ? SENML_JSON : SENML_CBOR);
    req.on('response', (res: { code: string; resume?: () => void }) => {
      res.resume?.();
      resolve(res.code);
    });
    req.on('error', reject);
    req.on('timeout', () => reject(new Error('no answer')));
    req.end(format === 'json' ? Buffer.from(JSON.stringify(records)) : encodeCbor(records));
  });
}

export function startSimulator(options: SimulatorOptions): { stop(): void; firstTick: Promise<void> } {
  const now = options.now ?? Date.now;
  const readSchedule = options.readSchedule ?? ((token: string) => scheduleOf(options.url, token));
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const send = async (c: SimulatedController) => {
    const t = now() / 1000;
    await Promise.all(
      c.meters.map(async (m, i) => {
        const health = i === 0 && c.serial ? livePack(c.serial, t, controllerSamples(t)) : [];
        const adjust = options.adjust?.[m.serial];
        const samples = adjust ? adjust(meterSamples(m, t), t) : meterSamples(m, t);
        const records = [...health, ...livePack(m.serial, t, samples)];
        if (m.kind !== 'ELECTRICITY') records.push({ n: 'battery', u: '%EL', v: 87 });
        try {
          const code = await post(options.url, c.token, records, m.kind === 'ELECTRICITY' ? 'json' : 'cbor');
          options.onResult?.(m.serial, code);
        } catch (err) {
          options.onResult?.(m.serial, (err as Error).message);
        }
      }),
    );
  };

  const later = (ms: number, fn: () => void) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, Math.max(0, ms));
    timers.add(timer);
  };

  // One schedule per controller: it sends at once (live values for whoever just started the demo), then on its
  // interval and phase, reading /config again once per interval so that a change applies from the next send.
  const run = (c: SimulatedController) => {
    let configured: ReportSchedule | null = null;
    let readAt = -Infinity;
    const rereadMs = () => options.rereadMs ?? (configured ?? DEFAULT_SCHEDULE).interval * 1000;
    const refresh = async () => {
      const fresh = await readSchedule(c.token);
      if (fresh) configured = fresh;
      readAt = fresh ? now() : now() - rereadMs() + RETRY_CONFIG_MS;
    };
    const plan = (): ReportSchedule => {
      const schedule = configured ?? DEFAULT_SCHEDULE;
      return options.intervalS === 'config' ? schedule : timeLapse(schedule, options.intervalS);
    };
    const next = async () => {
      if (stopped) return;
      if (now() - readAt >= rereadMs()) await refresh();
      const at = nextReportAt(now(), plan());
      later(at - now(), () => void send(c).then(next));
    };
    return refresh()
      .then(() => send(c))
      .finally(() => void next());
  };

  const firstTick = Promise.all(options.controllers.map(run)).then(() => undefined);
  return {
    stop: () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
    firstTick,
  };
}

/**
 * Feeds meters with readings over real CoAP (confirmable POSTs with retransmission, by the `coap` package),
 * as the modems would: electricity packs as SenML+JSON, water packs as SenML+CBOR. The first pack of each
 * tick also carries the controller's own health (signal strength, battery) under its serial.
 */
import { encode as encodeCbor } from 'cbor-x';
import coap from 'coap';
import { controllerSamples, livePack, meterSamples, type SenmlRecord, type SimulatedMeter } from './packs.js';
import type { Adjust } from './scenarios.js';

export interface SimulatedController {
  /** The controller's serial: its health records go under it (optional: then none are sent). */
  serial?: string;
  token: string;
  meters: SimulatedMeter[];
}

export interface SimulatorOptions {
  url: URL;
  controllers: SimulatedController[];
  intervalMs: number;
  onResult?: (serial: string, code: string) => void;
  /** What a scenario does to a meter's samples (scenarios.ts), by serial. */
  adjust?: Record<string, Adjust>;
}

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
  const tick = async () => {
    const t = Date.now() / 1000;
    await Promise.all(
      options.controllers.flatMap((c) =>
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
      ),
    );
  };
  const firstTick = tick();
  const timer = setInterval(() => void tick(), options.intervalMs);
  return { stop: () => clearInterval(timer), firstTick };
}

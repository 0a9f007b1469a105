/**
 * A year of 15-minute history for the demo meters, sent the way a modem sends a backlog after an outage
 * (PROTOCOL.md): SenML CBOR packs as large as the bridge takes (`max_body` from /config), block-wise (Block1),
 * one at a time, waiting out 4.29 and 5.03 as Max-Age says. Newest first, so this week's and this month's
 * charts fill in first. Paced below the controller's rate limit, so the live packs of the same controller
 * keep getting through while the history flows.
 *
 * The history is the same deterministic model as the live values (model.ts), so registers run on seamlessly;
 * it leaves out six hours 40 days back (a modem outage: reports show the interval incomplete), and the
 * model's grid events give the compliance report dips, swells and frequency excursions. The last weeks are sent
 * every ten minutes (`dense`), so their compliance report has a verdict.
 */
import coap from 'coap';
import { encode as encodeCbor } from 'cbor-x';
import { meterSamples, type Sample, type SimulatedMeter } from './packs.js';
import type { Adjust } from './scenarios.js';
import type { ReportSchedule } from './schedule.js';

export interface BackfillOptions {
  url: URL;
  token: string;
  meters: SimulatedMeter[];
  /** Seconds since the epoch: the history covers [from, to) on the quarter-hours. */
  from: number;
  to: number;
  /** Seconds between samples (default 900). */
  stepS?: number;
  /**
   * From `from` on, a sample every `stepS` instead: a power-quality week is judged on 10-minute intervals
   * (958 of 1,008 must hold a value), which quarter-hourly samples can never fill.
   */
  dense?: DenseHistory;
  /** Stretches left out: no readings of any meter (seconds). */
  gaps?: Array<{ from: number; to: number }>;
  /** Shortest time between two packs, ms (default 750: 80 a minute, under the bridge's 120 with the live packs). */
  paceMs?: number;
  /**
   * Readings per pack at most (default 900). The API publishes every stored reading to live subscribers at
   * once, and its in-process pub/sub fails (RepeaterOverflowError, the process exits) when more than 1024 wait
   * for one subscriber: a 64 KiB pack holds ~2,400 readings. Raise this once the API takes bursts.
   */
  maxReadings?: number;
  /** What a scenario does to a meter's samples (scenarios.ts), by serial. */
  adjust?: Record<string, Adjust>;
  /** Called after each stored pack. */
  onProgress?: (progress: BackfillProgress) => void;
  /** A pack refused for good: the CoAP code and the bridge's diagnostic. */
  onRefused?: (code: string, diagnostic: string) => void;
  signal?: AbortSignal;
}

export interface DenseHistory {
  from: number;
  stepS: number;
}

export interface BackfillProgress {
  packs: number;
  readings: number;
  /** Share of the period sent, 0–1. */
  done: number;
  /** Packs the bridge refused for good (4.xx other than 4.29): their readings are lost. */
  refused: number;
  elapsedMs: number;
  /** The oldest sample time of the packs answered so far (`to` before the first): where a stopped run carries on. */
  sentDownTo: number;
}

/** SenML CBOR labels (RFC 8428 §6). */
const BN = -2;
const BT = -3;
const N = 0;
const V = 2;
const SENML_CBOR = 112;
/** The largest block (SZX 6). */
const BLOCK_SZX = 6;
/** Stay this far under the bridge's body limit (CBOR array header, rounding). */
const HEADROOM = 64;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** One sample time of one meter, encoded: the base time and name go in its first record only. */
function encodeTimestamp(samples: Sample[], t: number, serial: string | null): Buffer[] {
  return samples.map((s, i) => {
    const record = new Map<number, string | number>();
    if (i === 0 && serial) record.set(BN, `${serial}:`);
    if (i === 0) record.set(BT, t);
    record.set(N, s.n);
    record.set(V, s.v);
    return Buffer.from(encodeCbor(record));
  });
}

function cborArray(items: Buffer[]): Buffer {
  const n = items.length;
  const head = n < 24 ? Buffer.of(0x80 + n) : n < 256 ? Buffer.of(0x98, n) : Buffer.of(0x99, n >> 8, n & 0xff);
  return Buffer.concat([head, ...items]);
}

/** Packs of at most `maxBytes` covering the meters' samples at `times` (newest first), with how many readings each carries. */
export function* historyPacks(
  meters: SimulatedMeter[],
  times: number[],
  maxBytes: number,
  maxReadings = Infinity,
  adjust: Record<string, Adjust> = {},
): Generator<{ body: Buffer; readings: number; oldest: number }> {
  let items: Buffer[] = [];
  let size = 3;
  let readings = 0;
  let oldest = Infinity;
  let lastSerial: string | null = null;
  for (const t of times) {
    for (const meter of meters) {
      const samples = adjust[meter.serial]?.(meterSamples(meter, t), t) ?? meterSamples(meter, t);
      // A battery-powered water meter tells its charge once a day.
      if (meter.kind !== 'ELECTRICITY' && t % 86_400 === 0) samples.push({ n: 'battery', v: 87 });
      let encoded = encodeTimestamp(samples, t, meter.serial === lastSerial ? null : meter.serial);
      let bytes = encoded.reduce((a, b) => a + b.length, 0);
      if ((size + bytes > maxBytes - HEADROOM || readings + samples.length > maxReadings) && items.length) {
        yield { body: cborArray(items), readings, oldest };
        items = [];
        size = 3;
        readings = 0;
        oldest = Infinity;
        encoded = encodeTimestamp(samples, t, meter.serial);
        bytes = encoded.reduce((a, b) => a + b.length, 0);
      }
      lastSerial = meter.serial;
      items.push(...encoded);
      size += bytes;
      readings += samples.length;
      oldest = Math.min(oldest, t);
    }
  }
  if (items.length) yield { body: cborArray(items), readings, oldest };
}

/**
 * The sample times of [from, to) on multiples of `step`, newest first, without the gaps; from `dense.from` on,
 * on multiples of `dense.stepS` instead.
 */
export function historyTimes(from: number, to: number, step: number, gaps: Array<{ from: number; to: number }> = [], dense?: DenseHistory): number[] {
  if (dense && dense.from < to) {
    const split = Math.max(from, dense.from);
    return [...historyTimes(split, to, dense.stepS, gaps), ...historyTimes(from, split, step, gaps)];
  }
  const times: number[] = [];
  for (let t = Math.ceil(to / step) * step - step; t >= from; t -= step) {
    if (t < to && !gaps.some((g) => t >= g.from && t < g.to)) times.push(t);
  }
  return times;
}

interface Answer {
  code: string;
  maxAge?: number;
  payload: Buffer;
}

/** One confirmable request by the `coap` package (a client nobody here wrote); Block1 when the body needs it. */
function request(url: URL, method: 'GET' | 'POST', path: string, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = coap.request({
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 5683),
      pathname: path,
      method,
      confirmable: true,
    });
    if (body) {
      req.setOption('Content-Format', SENML_CBOR);
      if (body.length > 1024) {
        // RFC 7959: the Block1 option of block 0 (NUM 0, M set by the client library, SZX 6 = 1024 bytes),
        // and Size1 announcing the whole pack, so a bridge with a smaller limit says 4.13 at once.
        req.setOption('Block1', Buffer.of(BLOCK_SZX));
        req.setOption('Size1', body.length);
      }
    }
    req.on('response', (res: { code: string; payload: Buffer; options: Array<{ name: string | number; value: Buffer | number }>; resume?: () => void }) => {
      const maxAge = res.options.find((o) => o.name === 'Max-Age')?.value;
      res.resume?.();
      resolve({ code: res.code, payload: res.payload, maxAge: maxAge === undefined ? undefined : typeof maxAge === 'number' ? maxAge : maxAge.reduce((n, b) => n * 256 + b, 0) });
    });
    req.on('error', reject);
    req.on('timeout', () => reject(new Error('no answer')));
    req.end(body);
  });
}

/** The largest pack the bridge takes block-wise (its /config `max_body`); 65,536 when it does not say. */
export async function maxBodyOf(url: URL, token: string): Promise<number> {
  try {
    const answer = await request(url, 'GET', `/v1/${token}/config`);
    if (answer.code === '2.05') return Number(JSON.parse(answer.payload.toString()).max_body) || 65_536;
  } catch {
    // The default below.
  }
  return 65_536;
}

/**
 * The reporting schedule /config gives the controller (`interval` and `phase`, seconds); null when the bridge
 * does not answer 2.05 with one. A bridge older than `phase` gives phase 0: the interval boundaries.
 */
export async function scheduleOf(url: URL, token: string): Promise<ReportSchedule | null> {
  try {
    const answer = await request(url, 'GET', `/v1/${token}/config`);
    if (answer.code !== '2.05') return null;
    const { interval, phase } = JSON.parse(answer.payload.toString());
    if (!(Number.isFinite(interval) && interval > 0)) return null;
    return { interval, phase: Number.isFinite(phase) && phase >= 0 && phase < interval ? phase : 0 };
  } catch {
    return null;
  }
}

/** Sends the history; resolves with what was stored once every pack is answered (or the signal aborts). */
export async function backfill(options: BackfillOptions): Promise<BackfillProgress> {
  const started = Date.now();
  const step = options.stepS ?? 900;
  const pace = options.paceMs ?? 750;
  const times = historyTimes(options.from, options.to, step, options.gaps, options.dense);
  const maxBody = await maxBodyOf(options.url, options.token);
  const path = `/v1/${options.token}/readings`;
  const progress: BackfillProgress = { packs: 0, readings: 0, done: 0, refused: 0, elapsedMs: 0, sentDownTo: options.to };
  const span = options.to - options.from;
  let lastSent = 0;
  for (const pack of historyPacks(options.meters, times, maxBody, options.maxReadings ?? 900, options.adjust)) {
    for (let attempt = 0; !options.signal?.aborted; attempt++) {
      await sleep(Math.max(0, lastSent + pace - Date.now()), options.signal);
      lastSent = Date.now();
      let answer: Answer;
      try {
        answer = await request(options.url, 'POST', path, pack.body);
      } catch {
        // The bridge is restarting or the network dropped the exchange: keep the pack and try again.
        await sleep(Math.min(30_000, 1000 * 2 ** attempt), options.signal);
        continue;
      }
      if (answer.code === '2.04') {
        progress.packs++;
        progress.readings += pack.readings;
        break;
      }
      if (answer.code === '4.29' || answer.code === '5.03') {
        await sleep((answer.maxAge ?? 1) * 1000, options.signal);
        continue;
      }
      // 4.08: the bridge dropped the transfer midway (a timeout, too many transfers): start again at block 0.
      if (answer.code === '4.08' && attempt < 5) continue;
      // 4.00, 4.03, 4.13…: this pack will never be taken as it is (PROTOCOL.md: do not resend after 4.xx).
      progress.refused++;
      options.onRefused?.(answer.code, answer.payload.toString());
      break;
    }
    if (options.signal?.aborted) break;
    progress.sentDownTo = Math.min(progress.sentDownTo, pack.oldest);
    progress.done = span > 0 ? Math.min(1, (options.to - pack.oldest) / span) : 1;
    progress.elapsedMs = Date.now() - started;
    options.onProgress?.({ ...progress });
  }
  progress.elapsedMs = Date.now() - started;
  return progress;
}

/**
 * A load generator, run as a child process: `modems` UDP sockets (one source port each), each keeping one
 * confirmable POST in flight, retransmitting after ACK_TIMEOUT like a real modem. Every request carries one
 * reading with a time unique in the run, so that every 2.04 is a distinct stored reading.
 * Reports counts and latencies of the measured window to its parent over IPC.
 */
import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { Code, ContentFormat, MessageType, Option, encodeUint, serializeMessage } from '@askue/device-bridge/testing';
import { answerOf } from './coap-answer.js';

export interface LoadSpec {
  port: number;
  /** One entry per modem: its token and the meter its readings are for. */
  modems: Array<{ token: string; meter: string }>;
  warmupMs: number;
  durationMs: number;
  /** Readings per request (1 = one SenML record). */
  recordsPerRequest: number;
  baseTimeMs: number;
}

export interface LoadResult {
  sent: number;
  ok: number;
  other: Record<string, number>;
  retransmissions: number;
  failures: number;
  latenciesMs: number[];
  windowMs: number;
  /** Readings acknowledged over the whole run, warm-up included (for the durability check). */
  acknowledgedReadings: number;
  /** Every acknowledged reading: meter serial → reading times (epoch ms). */
  acknowledged: Record<string, number[]>;
  /** CPU seconds the generator itself used (user + system). */
  cpuSeconds?: number;
}

function run(spec: LoadSpec): Promise<LoadResult> {
  let seq = 0;
  const start = performance.now();
  const windowStart = start + spec.warmupMs;
  const windowEnd = windowStart + spec.durationMs;
  const result: LoadResult = { sent: 0, ok: 0, other: {}, retransmissions: 0, failures: 0, latenciesMs: [], windowMs: spec.durationMs, acknowledgedReadings: 0, acknowledged: {} };
  const sockets: Socket[] = [];
  let active = spec.modems.length;

  return new Promise((resolve) => {
    spec.modems.forEach((modem, i) => {
      const socket = createSocket('udp4');
      sockets.push(socket);
      // Message ids and tokens start at random per run: a modem whose new socket gets the port an earlier round's
      // socket had would otherwise repeat that round's (endpoint, message id, token) inside the exchange lifetime —
      // a true duplicate by RFC 7252, answered from the bridge's memory and never stored (found by the durability
      // check: 145 readings of one modem acknowledged but missing).
      let mid = randomInt(0x10000);
      const run = randomInt(0x1_0000_0000);
      let pending: { buf: Buffer; mid: number; token: Buffer; times: number[]; sentAt: number; attempts: number; timer: NodeJS.Timeout } | null = null;
      const acked: number[] = (result.acknowledged[modem.meter] = []);
      let tokenSeq = 0;
      const path = ['v1', modem.token, 'readings'].map((p) => ({ number: Option.URI_PATH, value: Buffer.from(p) }));
      const cf = { number: Option.CONTENT_FORMAT, value: encodeUint(ContentFormat.SENML_JSON) };

      const next = () => {
        const now = performance.now();
        if (now >= windowEnd) {
          socket.close();
          if (--active === 0) resolve(result);
          return;
        }
        const records = [];
        const times: number[] = [];
        // One record: the full name and time in it. Many: SenML's base name and base time, as a modem packs them.
        const first = spec.baseTimeMs + seq;
        for (let r = 0; r < spec.recordsPerRequest; r++) {
          const time = spec.baseTimeMs + seq++;
          times.push(time);
          if (spec.recordsPerRequest === 1) records.push({ n: `${modem.meter}:power`, v: (seq % 5000) + 0.5, t: time / 1000 });
          else if (r === 0) records.push({ bn: `${modem.meter}:`, bt: first / 1000, n: 'power', v: (seq % 5000) + 0.5 });
          else records.push({ n: 'power', v: (seq % 5000) + 0.5, t: (time - first) / 1000 });
        }
        mid = (mid + 1) & 0xffff;
        // A token unique per request: a late answer to an earlier request must not be taken for this one's.
        const token = Buffer.alloc(8);
        token.writeUInt32BE((run + i) >>> 0);
        token.writeUInt32BE(++tokenSeq, 4);
        const buf = serializeMessage({ type: MessageType.CON, code: Code.POST, messageId: mid, token, options: [...path, cf], payload: Buffer.from(JSON.stringify(records)) });
        pending = { buf, mid, token, times, sentAt: now, attempts: 0, timer: setTimeout(retry, 2000 + Math.random() * 1000) };
        if (now >= windowStart) result.sent++;
        socket.send(buf, spec.port, '127.0.0.1');
      };
      const retry = () => {
        if (!pending) return;
        if (pending.attempts >= 4) {
          result.failures++;
          pending = null;
          return next();
        }
        pending.attempts++;
        result.retransmissions++;
        pending.timer = setTimeout(retry, 2000 * 2 ** pending.attempts);
        socket.send(pending.buf, spec.port, '127.0.0.1');
      };
      socket.on('message', (msg) => {
        const code = answerOf(msg, pending, (reply) => socket.send(reply, spec.port, '127.0.0.1'));
        if (code === 'ignore' || !pending) return;
        if (code === 'accepted') {
          // The server has the request: stop retransmitting and wait for the separate response.
          clearTimeout(pending.timer);
          pending.timer = setTimeout(retry, 30_000);
          return;
        }
        const now = performance.now();
        clearTimeout(pending.timer);
        if (code === '2.04') {
          result.acknowledgedReadings += spec.recordsPerRequest;
          acked.push(...pending.times);
        }
        if (pending.sentAt >= windowStart && now <= windowEnd) {
          if (code === '2.04') {
            result.ok++;
            result.latenciesMs.push(now - pending.sentAt);
          } else {
            result.other[code] = (result.other[code] ?? 0) + 1;
          }
        }
        pending = null;
        next();
      });
      socket.bind(0, '127.0.0.1', () => next());
    });
  });
}

process.once('message', async (spec: LoadSpec) => {
  const result = await run(spec);
  const { user, system } = process.cpuUsage();
  process.send!({ ...result, cpuSeconds: (user + system) / 1e6 }, () => process.exit(0));
});

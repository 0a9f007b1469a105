/**
 * An open-loop load generator, run as a child process: `modems` UDP sockets, each sending one confirmable
 * reading every modems/rate seconds (evenly spread, random phase), whatever the answers — the offered load is
 * fixed, unlike loadgen.ts, which sends as fast as answers come. A modem whose previous request is still
 * unanswered when its turn comes skips that turn (one request in flight, as a real modem) and the skip is
 * counted. Retransmits after ACK_TIMEOUT like loadgen.ts.
 *
 * Reading times: unique in the run (`unique`, for durability checks), or the moment of sending (`now`, for
 * delivery delays measured from the reading's own time).
 */
import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { Code, ContentFormat, MessageType, Option, encodeUint, serializeMessage } from '@askue/device-bridge/testing';
import { answerOf } from './coap-answer.js';

export interface PacedSpec {
  port: number;
  modems: Array<{ token: string; meter: string }>;
  /** Readings per second, all modems together. */
  rate: number;
  durationMs: number;
  times: 'unique' | 'now';
  /** For `unique` times: the first reading's time (epoch ms). */
  baseTimeMs?: number;
  quantity?: string;
  /** Report every reading sent (`sentReadings`): what was due, counted exactly. */
  record?: boolean;
}

export interface PacedResult {
  sent: number;
  ok: number;
  other: Record<string, number>;
  skipped: number;
  retransmissions: number;
  failures: number;
  latenciesMs: number[];
  elapsedMs: number;
  /** With `record`: [modem index, reading time (epoch ms)] of every reading sent (retransmissions not repeated). */
  sentReadings?: Array<[number, number]>;
}

function run(spec: PacedSpec): Promise<PacedResult> {
  const result: PacedResult = { sent: 0, ok: 0, other: {}, skipped: 0, retransmissions: 0, failures: 0, latenciesMs: [], elapsedMs: 0, ...(spec.record ? { sentReadings: [] } : {}) };
  const periodMs = (spec.modems.length / spec.rate) * 1000;
  const start = performance.now();
  const end = start + spec.durationMs;
  let seq = 0;
  const sockets: Socket[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const quantity = spec.quantity ?? 'power';
  let closed = false;
  const send = (socket: Socket, buf: Buffer) => {
    if (!closed) socket.send(buf, spec.port, '127.0.0.1');
  };

  return new Promise((resolve) => {
    spec.modems.forEach((modem, i) => {
      const socket = createSocket('udp4');
      sockets.push(socket);
      socket.on('error', () => {});
      // Message ids and tokens start at random per run: a modem whose new socket gets the port an earlier round's
      // socket had would otherwise repeat that round's (endpoint, message id, token) inside the exchange lifetime —
      // a true duplicate by RFC 7252, answered from the bridge's memory and never stored (found by the durability
      // check: 145 readings of one modem acknowledged but missing).
      let mid = randomInt(0x10000);
      const run = randomInt(0x1_0000_0000);
      let tokenSeq = 0;
      let pending: { mid: number; token: Buffer; buf: Buffer; sentAt: number; attempts: number; timer: NodeJS.Timeout } | null = null;
      const path = ['v1', modem.token, 'readings'].map((p) => ({ number: Option.URI_PATH, value: Buffer.from(p) }));
      const cf = { number: Option.CONTENT_FORMAT, value: encodeUint(ContentFormat.SENML_JSON) };

      const turn = () => {
        if (performance.now() >= end) return;
        const t = setTimeout(turn, periodMs);
        timers.add(t);
        if (pending) {
          result.skipped++;
          return;
        }
        const time = spec.times === 'now' ? Date.now() : (spec.baseTimeMs ?? Date.now() - 86_400_000) + seq++;
        mid = (mid + 1) & 0xffff;
        const token = Buffer.alloc(8);
        token.writeUInt32BE((run + i) >>> 0);
        token.writeUInt32BE(++tokenSeq, 4);
        const payload = Buffer.from(JSON.stringify([{ n: `${modem.meter}:${quantity}`, v: (seq % 5000) + 0.5, t: time / 1000 }]));
        const buf = serializeMessage({ type: MessageType.CON, code: Code.POST, messageId: mid, token, options: [...path, cf], payload });
        pending = { mid, token, buf, sentAt: performance.now(), attempts: 0, timer: setTimeout(retry, 2000 + Math.random() * 1000) };
        result.sent++;
        result.sentReadings?.push([i, time]);
        send(socket, buf);
      };
      const retry = () => {
        if (!pending) return;
        if (pending.attempts >= 4) {
          result.failures++;
          pending = null;
          return;
        }
        pending.attempts++;
        result.retransmissions++;
        pending.timer = setTimeout(retry, 2000 * 2 ** pending.attempts);
        send(socket, pending.buf);
      };
      socket.on('message', (msg) => {
        const code = answerOf(msg, pending, (reply) => send(socket, reply));
        if (code === 'ignore' || !pending) return;
        if (code === 'accepted') {
          clearTimeout(pending.timer);
          pending.timer = setTimeout(retry, 30_000);
          return;
        }
        clearTimeout(pending.timer);
        if (code === '2.04') {
          result.ok++;
          result.latenciesMs.push(performance.now() - pending.sentAt);
        } else {
          result.other[code] = (result.other[code] ?? 0) + 1;
        }
        pending = null;
      });
      socket.bind(0, '127.0.0.1', () => {
        const t = setTimeout(turn, Math.random() * periodMs);
        timers.add(t);
      });
    });
    setTimeout(() => {
      result.elapsedMs = performance.now() - start;
      for (const t of timers) clearTimeout(t);
      // Answers still on their way are not waited for.
      setTimeout(() => {
        closed = true;
        for (const s of sockets) s.close();
        resolve(result);
      }, 500);
    }, spec.durationMs);
  });
}

process.once('message', async (spec: PacedSpec) => {
  const result = await run(spec);
  process.send!(result, () => process.exit(0));
});

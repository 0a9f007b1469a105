/**
 * Simulated meter modems for fault tests, in the test's own process: each has a UDP socket of its own (one
 * source port), sends one confirmable POST at a time with a token unique per request, retransmits like a real
 * modem (ACK_TIMEOUT × random factor, doubling, MAX_RETRANSMIT), and keeps a reading until it is answered
 * 2.04 — after an exchange that got no answer, or a 5.03/4.29, it sends the same reading again as a new
 * request, as PROTOCOL.md asks. Every reading has a time of its own in the fleet, so that a set check over
 * the acknowledged (meter, time) keys can tell what the product promised to keep.
 */
import { createSocket, type Socket } from 'node:dgram';
import { Code, codeString, ContentFormat, MessageType, Option, Timing, decodeUint, encodeUint, getOption, parseMessage, serializeMessage, type CoapMessage } from '@askue/device-bridge/testing';

export interface ModemSpec {
  /** The controller's device token. */
  token: string;
  /** The meter its readings are for. */
  meter: string;
}

/** The final answer to one request. */
export interface Answer {
  /** Date.now() when it arrived. */
  at: number;
  /** When the request's first copy went out. */
  sentAt: number;
  code: string;
  maxAge: number | undefined;
  payload: Buffer;
  meter: string;
  time: number;
}

export interface FleetOptions {
  port: number;
  host?: string;
  modems: ModemSpec[];
  /** First reading time (epoch ms); the fleet's readings are 1 ms apart after it, each unique. */
  baseTimeMs: number;
  /** Pause between a modem's readings once the previous one is answered, ms (default 20). */
  intervalMs?: number;
  /** ACK_TIMEOUT, ms (default 2000, RFC 7252). */
  ackTimeoutMs?: number;
  /** MAX_RETRANSMIT (default 4). */
  maxRetransmit?: number;
  /** A modem told 5.03 or 4.29 waits Max-Age seconds, but at most this long (ms, default 1000: a test cannot wait 10 s a time). */
  maxBackoffMs?: number;
  /** How long a modem waits for a separate response after an empty ACK before asking again, ms (default 30,000). */
  separateTimeoutMs?: number;
}

interface Exchange {
  record: { sentAt: number; answeredAt?: number };
  mid: number;
  token: Buffer;
  buf: Buffer;
  sentAt: number;
  attempts: number;
  timer: NodeJS.Timeout;
}

interface Reading {
  meter: string;
  time: number;
  value: number;
}

export class ModemFleet {
  /** Every final answer, in arrival order. */
  readonly answers: Answer[] = [];
  /** `${meter}|${time}` of every reading answered 2.04. */
  readonly acknowledged = new Set<string>();
  readonly stats = { requests: 0, retransmissions: 0, exchangesTimedOut: 0, resets: 0, rejected: 0 };
  /** Every request sent: when its first copy went out and when its final answer came (if it did). */
  readonly exchanges: Array<{ sentAt: number; answeredAt?: number }> = [];
  private readonly sockets: Socket[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Map<number, Exchange>();
  private seq = 0;
  private stopped = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly o: FleetOptions) {}

  /** Answers with this code so far. */
  count(code: string): number {
    return this.answers.filter((a) => a.code === code).length;
  }

  codes(answers: Answer[] = this.answers): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of answers) out[a.code] = (out[a.code] ?? 0) + 1;
    return out;
  }

  /** Requests whose first copy went out in [from, to] and that got no final answer by `until` (ended without one, or answered later). */
  unanswered(from: number, to: number, until = Date.now()): number {
    return this.exchanges.filter((e) => e.sentAt >= from && e.sentAt <= to && !(e.answeredAt !== undefined && e.answeredAt <= until)).length;
  }

  async start(): Promise<void> {
    await Promise.all(this.o.modems.map((m, i) => this.startModem(m, i)));
  }

  /** Resolves once `predicate` holds (checked after every answer), or rejects after `timeoutMs`. */
  until(predicate: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wrapped);
        reject(new Error(`modems: timed out after ${timeoutMs} ms waiting for ${what}; answers so far ${JSON.stringify(this.codes())}, stats ${JSON.stringify(this.stats)}`));
      }, timeoutMs);
      const wrapped = () => {
        if (!check()) this.waiters.push(wrapped);
      };
      if (!check()) this.waiters.push(wrapped);
    });
  }

  /** Waits for `n` more 2.04 answers than there are now. */
  moreAcks(n: number, timeoutMs: number): Promise<void> {
    const target = this.acknowledged.size + n;
    return this.until(() => this.acknowledged.size >= target, timeoutMs, `${n} more 2.04 answers`);
  }

  /** Stops sending; readings not yet acknowledged are abandoned (the product never promised to keep them). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const ex of this.inFlight.values()) clearTimeout(ex.timer);
    await Promise.all(this.sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }

  private later(ms: number, f: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) f();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  private async startModem(modem: ModemSpec, index: number): Promise<void> {
    const host = this.o.host ?? '127.0.0.1';
    const ackTimeout = this.o.ackTimeoutMs ?? Timing.ACK_TIMEOUT_MS;
    const maxRetransmit = this.o.maxRetransmit ?? Timing.MAX_RETRANSMIT;
    const socket = createSocket('udp4');
    this.sockets.push(socket);
    socket.on('error', () => {}); // ICMP port unreachable while the product is down
    const path = ['v1', modem.token, 'readings'].map((p) => ({ number: Option.URI_PATH, value: Buffer.from(p) }));
    const cf = { number: Option.CONTENT_FORMAT, value: encodeUint(ContentFormat.SENML_JSON) };
    let mid = (index * 4099) & 0xffff;
    let tokenSeq = 0;
    let reading: Reading | null = null;
    let ex: Exchange | null = null;

    const send = (buf: Buffer) => {
      if (!this.stopped) socket.send(buf, this.o.port, host);
    };
    const newReading = () => {
      reading = { meter: modem.meter, time: this.o.baseTimeMs + this.seq++, value: Math.round(Math.random() * 100_000) / 10 };
      request();
    };
    const finish = () => {
      if (ex) {
        clearTimeout(ex.timer);
        this.inFlight.delete(index);
      }
      ex = null;
    };
    // A new request (new message ID, new token) for the reading the modem holds.
    const request = () => {
      finish();
      const r = reading!;
      mid = (mid + 1) & 0xffff;
      const token = Buffer.alloc(8);
      token.writeUInt32BE(index);
      token.writeUInt32BE(++tokenSeq, 4);
      const payload = Buffer.from(JSON.stringify([{ n: `${r.meter}:power`, u: 'W', v: r.value, t: r.time / 1000 }]));
      const buf = serializeMessage({ type: MessageType.CON, code: Code.POST, messageId: mid, token, options: [...path, cf], payload });
      const sentAt = Date.now();
      const e: Exchange = { record: { sentAt }, mid, token, buf, sentAt, attempts: 0, timer: undefined as unknown as NodeJS.Timeout };
      this.exchanges.push(e.record);
      ex = e;
      this.inFlight.set(index, e);
      this.stats.requests++;
      const retransmit = (delay: number) => {
        e.timer = this.later(delay, () => {
          if (ex !== e) return;
          if (e.attempts >= maxRetransmit) {
            // No answer at all: keep the reading and ask again (the product may be restarting).
            this.stats.exchangesTimedOut++;
            request();
            return;
          }
          e.attempts++;
          this.stats.retransmissions++;
          send(e.buf);
          retransmit(delay * 2);
        });
      };
      send(buf);
      retransmit(ackTimeout * (1 + Math.random() * (Timing.ACK_RANDOM_FACTOR - 1)));
    };
    const settle = (m: CoapMessage) => {
      const e = ex!;
      const r = reading!;
      const code = codeString(m.code);
      const maxAgeOpt = getOption(m, Option.MAX_AGE);
      const maxAge = maxAgeOpt === undefined ? undefined : decodeUint(maxAgeOpt);
      const at = Date.now();
      e.record.answeredAt = at;
      this.answers.push({ at, sentAt: e.sentAt, code, maxAge, payload: m.payload, meter: r.meter, time: r.time });
      finish();
      if (m.code === Code.CHANGED) {
        this.acknowledged.add(`${r.meter}|${r.time}`);
        reading = null;
        this.later(this.o.intervalMs ?? 20, newReading);
      } else if (m.code === Code.SERVICE_UNAVAILABLE || m.code === Code.TOO_MANY_REQUESTS || m.code >> 5 === 5) {
        // Not stored: wait as told (capped) and send the same reading again.
        this.later(Math.min((maxAge ?? 1) * 1000, this.o.maxBackoffMs ?? 1000), request);
      } else {
        // 4.xx: the pack will never be accepted as it is (PROTOCOL.md: do not resend).
        this.stats.rejected++;
        reading = null;
        this.later(this.o.intervalMs ?? 20, newReading);
      }
      this.notify();
    };

    socket.on('message', (buf) => {
      let m: CoapMessage;
      try {
        m = parseMessage(buf);
      } catch {
        return;
      }
      if (m.type === MessageType.CON) {
        // A separate response: acknowledge every copy; take it only if it answers the current request.
        send(serializeMessage({ type: MessageType.ACK, code: Code.EMPTY, messageId: m.messageId }));
        if (ex && m.token.equals(ex.token)) settle(m);
        return;
      }
      if (!ex || m.messageId !== ex.mid) {
        if (m.type === MessageType.NON && ex && m.token.equals(ex.token)) settle(m);
        return;
      }
      if (m.type === MessageType.RST) {
        this.stats.resets++;
        const e = ex;
        this.later(this.o.maxBackoffMs ?? 1000, () => ex === e && request());
        return;
      }
      if (m.code === Code.EMPTY) {
        // The bridge has the request and answers separately: stop retransmitting, wait for it.
        const e = ex;
        clearTimeout(e.timer);
        e.timer = this.later(this.o.separateTimeoutMs ?? 30_000, () => ex === e && request());
        return;
      }
      if (m.token.equals(ex.token)) settle(m);
    });
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    newReading();
  }
}

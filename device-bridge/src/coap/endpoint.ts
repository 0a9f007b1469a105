/**
 * A CoAP server endpoint over UDP (RFC 7252 §4): the message layer between datagrams and a request handler.
 *
 * - Duplicates (same peer and message ID within EXCHANGE_LIFETIME) are processed once: a copy that arrives
 *   while the first is still being handled is absorbed, a copy that arrives later gets the same answer again.
 * - A confirmable request is answered piggybacked in the ACK when the handler is quick; otherwise an empty
 *   ACK goes out first (so the client stops retransmitting) and the answer follows as a separate confirmable
 *   response, retransmitted until acknowledged.
 * - A datagram that does not parse is never answered with error text: a confirmable one gets a Reset,
 *   anything else is dropped.
 * - A body sent block-wise (Block1, RFC 7959) is reassembled here, up to a size limit; the handler sees one
 *   request with the whole body. Every block is still a message of its own for duplicate detection.
 */
import { randomInt } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { LRUCache } from 'lru-cache';
import { Block1Assembler } from './block1.js';
import { Code, isCritical, isRequestCode, MessageType, Option, Timing } from './constants.js';
import {
  decodeBlock,
  decodeUint,
  encodeBlock,
  encodeUint,
  FormatError,
  getOption,
  parseMessage,
  peekHeader,
  serializeMessage,
  type BlockOption,
  type CoapMessage,
  type CoapOption,
} from './message.js';

export interface Remote {
  address: string;
  port: number;
}

export interface CoapRequest {
  code: number;
  path: string[];
  query: string[];
  contentFormat: number | undefined;
  accept: number | undefined;
  observe: number | undefined;
  block1: BlockOption | undefined;
  payload: Buffer;
  remote: Remote;
  message: CoapMessage;
}

export interface CoapResponse {
  code: number;
  payload?: Buffer;
  contentFormat?: number;
  /** Seconds: for 5.03 / 4.29, how long the client should wait before trying again. */
  maxAge?: number;
  /** For 4.13: the largest request body accepted. */
  size1?: number;
  block1?: BlockOption;
  observe?: number;
  options?: CoapOption[];
}

export type CoapHandler = (req: CoapRequest) => CoapResponse | Promise<CoapResponse>;

/** Sends a confirmable message and retransmits it until acknowledged; `onDone(false)` on Reset or no ACK at all. Returns a function that stops retransmitting. */
export interface ConfirmableSender {
  sendConfirmable(remote: Remote, m: Omit<CoapMessage, 'type' | 'messageId'>, onDone?: (acked: boolean) => void): () => void;
}

export interface EndpointOptions {
  handler: CoapHandler;
  /** How long an answer may take and still ride in the ACK (default 1000 ms, well under ACK_TIMEOUT). */
  piggybackMs?: number;
  /** Bound of the duplicate-detection memory, in exchanges (default 200,000 ≈ 40 MB). */
  maxExchanges?: number;
  /** Requests being handled at once; above it new ones get 5.03 (default 20,000). */
  maxInFlight?: number;
  /** Called with what went wrong inside a handler; the client only sees 5.00 without text. */
  onError?: (err: unknown, req: CoapRequest) => void;
  /** Largest body reassembled from Block1 blocks, bytes (default 65,536). Above it: 4.13 with Size1. */
  maxBodyBytes?: number;
  /** Block1 transfers in progress at once; the least recently active one is dropped beyond it (default 1000). */
  maxBlockTransfers?: number;
  /** A Block1 transfer without a new block for this long is dropped (default 60 s, well under EXCHANGE_LIFETIME). */
  blockTimeoutMs?: number;
  /** First retransmission timeout of confirmable messages we send (default ACK_TIMEOUT, 2 s; shorter in tests). */
  ackTimeoutMs?: number;
  /** Retransmissions of confirmable messages we send (default MAX_RETRANSMIT, 4). */
  maxRetransmit?: number;
}

/** Options this endpoint understands; an unknown critical option is answered 4.02 Bad Option. */
const KNOWN = new Set<number>([
  Option.IF_MATCH,
  Option.URI_HOST,
  Option.ETAG,
  Option.IF_NONE_MATCH,
  Option.OBSERVE,
  Option.URI_PORT,
  Option.URI_PATH,
  Option.CONTENT_FORMAT,
  Option.URI_QUERY,
  Option.ACCEPT,
  Option.BLOCK2,
  Option.BLOCK1,
  Option.SIZE2,
  Option.SIZE1,
]);

interface Exchange {
  /** The request's token: a copy carries the same one (see `onMessage`). */
  token: Buffer;
  /** What to send again when a duplicate arrives; undefined while the request is still being handled. */
  reply?: Buffer;
}

interface PendingCon {
  buf: Buffer;
  remote: Remote;
  attempts: number;
  timer: NodeJS.Timeout;
  onDone?: (acked: boolean) => void;
}

const EMPTY: Buffer = Buffer.alloc(0);
const utf8 = (b: Buffer) => b.toString('utf8');

export class CoapEndpoint implements ConfirmableSender {
  private socket: Socket | null = null;
  /**
   * Duplicate detection: each exchange for its lifetime, the oldest dropped beyond maxExchanges. lru-cache, not a
   * Map used as a FIFO: deleting a Map's first entries leaves holes that every later walk from its start skips,
   * and once the bound was reached each request paid for all of them — under `pnpm bench ingest` the bridge fell
   * from 12,715 to 3,795 requests/s within 40 s (a 200,000-entry Map took 10–46 s per 200,000 inserts; lru-cache 0.3 s).
   */
  private readonly exchanges: LRUCache<string, Exchange>;
  private readonly pending = new Map<string, PendingCon>();
  private nextMid = randomInt(0x10000);
  private inFlight = 0;
  private readonly piggybackMs: number;
  private readonly maxExchanges: number;
  private readonly maxInFlight: number;
  private readonly ackTimeoutMs: number;
  private readonly maxRetransmit: number;
  private readonly blocks: Block1Assembler;
  private sweeper: NodeJS.Timeout | undefined;
  /** Counters for metrics and tests. */
  readonly stats = { datagrams: 0, formatErrors: 0, duplicates: 0, reusedIds: 0, requests: 0, overloaded: 0, blocks: 0 };

  constructor(private readonly options: EndpointOptions) {
    this.piggybackMs = options.piggybackMs ?? 1000;
    this.maxExchanges = options.maxExchanges ?? 200_000;
    this.exchanges = new LRUCache<string, Exchange>({ max: this.maxExchanges, ttl: Timing.EXCHANGE_LIFETIME_MS, updateAgeOnGet: false });
    this.maxInFlight = options.maxInFlight ?? 20_000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? Timing.ACK_TIMEOUT_MS;
    this.maxRetransmit = options.maxRetransmit ?? Timing.MAX_RETRANSMIT;
    this.blocks = new Block1Assembler({
      maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
      maxTransfers: options.maxBlockTransfers ?? 1000,
      timeoutMs: options.blockTimeoutMs ?? 60_000,
    });
  }

  /** Block1 transfers in progress. */
  get blockTransfers(): number {
    return this.blocks.size;
  }

  listen(port: number, host = '::'): Promise<Remote> {
    const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false });
    this.socket = socket;
    socket.on('message', (msg, rinfo) => this.receive(msg, rinfo));
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        socket.on('error', () => {}); // ICMP "port unreachable" replies surface here; nothing to do
        // Big bursts from many modems: ask for larger kernel buffers (capped by net.core.*mem_max).
        try {
          socket.setRecvBufferSize(8 * 1024 * 1024);
          socket.setSendBufferSize(8 * 1024 * 1024);
        } catch {
          /* the kernel's maximum applies */
        }
        // Abandoned Block1 transfers would otherwise hold their buffers until the next block of anyone arrives.
        this.sweeper = setInterval(() => this.blocks.sweep(), 10_000);
        this.sweeper.unref();
        const a = socket.address();
        resolve({ address: a.address, port: a.port });
      });
    });
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.exchanges.clear();
    clearInterval(this.sweeper);
    this.blocks.clear();
    const socket = this.socket;
    this.socket = null;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /** Sends a confirmable message (a notification, a separate response) and retransmits it until acknowledged. */
  sendConfirmable(remote: Remote, m: Omit<CoapMessage, 'type' | 'messageId'>, onDone?: (acked: boolean) => void): () => void {
    const messageId = this.mid();
    const buf = serializeMessage({ ...m, type: MessageType.CON, messageId });
    const key = `${remote.address}|${remote.port}|${messageId}`;
    const timeout = this.ackTimeoutMs * (1 + Math.random() * (Timing.ACK_RANDOM_FACTOR - 1));
    const entry: PendingCon = { buf, remote, attempts: 0, timer: undefined as unknown as NodeJS.Timeout, onDone };
    const retry = (delay: number) => {
      entry.timer = setTimeout(() => {
        if (!this.pending.has(key)) return;
        if (entry.attempts >= this.maxRetransmit) {
          this.pending.delete(key);
          onDone?.(false);
          return;
        }
        entry.attempts++;
        this.send(buf, remote);
        retry(delay * 2);
      }, delay);
      entry.timer.unref();
    };
    this.pending.set(key, entry);
    this.send(buf, remote);
    retry(timeout);
    return () => {
      if (this.pending.get(key) !== entry) return;
      clearTimeout(entry.timer);
      this.pending.delete(key);
    };
  }

  private mid(): number {
    this.nextMid = (this.nextMid + 1) & 0xffff;
    return this.nextMid;
  }

  private send(buf: Buffer, remote: Remote): void {
    this.socket?.send(buf, remote.port, remote.address);
  }

  private receive(buf: Buffer, rinfo: RemoteInfo): void {
    this.stats.datagrams++;
    const remote: Remote = { address: rinfo.address, port: rinfo.port };
    let msg: CoapMessage;
    try {
      msg = parseMessage(buf);
    } catch (err) {
      if (!(err instanceof FormatError) && !(err instanceof RangeError)) throw err;
      this.stats.formatErrors++;
      const header = peekHeader(buf);
      // RFC 7252 §4.2: a confirmable message with a format error is rejected with Reset (4 bytes, no text).
      if (header && header.version === 1 && header.type === MessageType.CON) {
        this.send(serializeMessage({ type: MessageType.RST, code: Code.EMPTY, messageId: header.messageId }), remote);
      }
      return;
    }

    if (msg.type === MessageType.ACK || msg.type === MessageType.RST) {
      const key = `${remote.address}|${remote.port}|${msg.messageId}`;
      const p = this.pending.get(key);
      if (p) {
        clearTimeout(p.timer);
        this.pending.delete(key);
        p.onDone?.(msg.type === MessageType.ACK);
      }
      return;
    }
    if (msg.code === Code.EMPTY) {
      // A confirmable Empty message is a "CoAP ping": answered with Reset (§4.3). A non-confirmable one is ignored.
      if (msg.type === MessageType.CON) {
        this.send(serializeMessage({ type: MessageType.RST, code: Code.EMPTY, messageId: msg.messageId }), remote);
      }
      return;
    }
    if (!isRequestCode(msg.code)) {
      // A response sent to a server: reject a confirmable one, ignore the rest.
      if (msg.type === MessageType.CON) {
        this.send(serializeMessage({ type: MessageType.RST, code: Code.EMPTY, messageId: msg.messageId }), remote);
      }
      return;
    }

    const key = `${remote.address}|${remote.port}|${msg.messageId}`;
    const seen = this.exchanges.get(key);
    // A duplicate is a copy of a message (RFC 7252 §4.5): the same message ID and the same token. The same ID with
    // another token is a new request from a sender that reused the ID within EXCHANGE_LIFETIME — a modem that
    // restarted its counter on the same source port (a load generator's sockets reused ports across rounds this
    // way). Answering it from the old exchange would acknowledge readings that were never stored: it is handled.
    if (seen && seen.token.equals(msg.token)) {
      this.stats.duplicates++;
      if (seen.reply) this.send(seen.reply, remote);
      return;
    }
    if (seen) this.stats.reusedIds++;
    this.exchanges.set(key, { token: msg.token }, { ttl: msg.type === MessageType.CON ? Timing.EXCHANGE_LIFETIME_MS : Timing.NON_LIFETIME_MS });
    this.stats.requests++;
    this.handle(msg, remote, key);
  }

  private handle(msg: CoapMessage, remote: Remote, key: string): void {
    const exchange = this.exchanges.get(key)!;
    // The final response to a block-wise request names the last block (RFC 7959 §2.3).
    let lastBlock: BlockOption | undefined;
    const reply = (res: CoapResponse, separate: boolean) => {
      const options = responseOptions(lastBlock && !res.block1 ? { ...res, block1: lastBlock } : res);
      const payload = res.payload ?? EMPTY;
      if (msg.type === MessageType.CON && !separate) {
        const buf = serializeMessage({ type: MessageType.ACK, code: res.code, messageId: msg.messageId, token: msg.token, options, payload });
        exchange.reply = buf;
        this.send(buf, remote);
      } else if (msg.type === MessageType.CON) {
        this.sendConfirmable(remote, { code: res.code, token: msg.token, options, payload });
      } else {
        const buf = serializeMessage({ type: MessageType.NON, code: res.code, messageId: this.mid(), token: msg.token, options, payload });
        exchange.reply = buf;
        this.send(buf, remote);
      }
    };

    const early = precheck(msg);
    if (early) return reply(early, false);
    const block1 = getOption(msg, Option.BLOCK1);
    if (block1) {
      this.stats.blocks++;
      const size1 = getOption(msg, Option.SIZE1);
      const step = this.blocks.accept(transferKey(msg, remote), decodeBlock(block1)!, msg.payload, size1 && decodeUint(size1));
      switch (step.kind) {
        case 'continue':
          return reply({ code: Code.CONTINUE, block1: step.block }, false);
        case 'incomplete':
          return reply({ code: Code.REQUEST_ENTITY_INCOMPLETE }, false);
        case 'too-large':
          return reply({ code: Code.REQUEST_ENTITY_TOO_LARGE, size1: step.limit }, false);
        case 'malformed':
          return reply({ code: Code.BAD_REQUEST, payload: Buffer.from(step.reason) }, false);
        case 'complete':
          msg = { ...msg, payload: step.body };
          lastBlock = step.block;
      }
    }
    if (this.inFlight >= this.maxInFlight) {
      this.stats.overloaded++;
      return reply({ code: Code.SERVICE_UNAVAILABLE, maxAge: 5 }, false);
    }

    const req = toRequest(msg, remote);
    let result: CoapResponse | Promise<CoapResponse>;
    try {
      result = this.options.handler(req);
    } catch (err) {
      this.options.onError?.(err, req);
      return reply({ code: Code.INTERNAL_SERVER_ERROR }, false);
    }
    if (!(result instanceof Promise)) return reply(result, false);

    this.inFlight++;
    let separate = false;
    let timer: NodeJS.Timeout | undefined;
    if (msg.type === MessageType.CON) {
      timer = setTimeout(() => {
        // Too slow to piggyback: acknowledge now so the client stops retransmitting, answer separately later.
        separate = true;
        const ack = serializeMessage({ type: MessageType.ACK, code: Code.EMPTY, messageId: msg.messageId });
        exchange.reply = ack;
        this.send(ack, remote);
      }, this.piggybackMs);
    }
    result.then(
      (res) => {
        this.inFlight--;
        clearTimeout(timer);
        reply(res, separate);
      },
      (err) => {
        this.inFlight--;
        clearTimeout(timer);
        this.options.onError?.(err, req);
        reply({ code: Code.INTERNAL_SERVER_ERROR }, separate);
      },
    );
  }
}

/** Which Block1 transfer a block belongs to: the client endpoint and the request, not the token (RFC 7959 §2.4). */
function transferKey(msg: CoapMessage, remote: Remote): string {
  const parts = [remote.address, String(remote.port), String(msg.code)];
  for (const o of msg.options) {
    if (o.number === Option.URI_PATH || o.number === Option.URI_QUERY) parts.push(`${o.number}=${o.value.toString('base64')}`);
  }
  return parts.join('|');
}

/** Checks that need no handler: options we must refuse. */
function precheck(msg: CoapMessage): CoapResponse | null {
  for (const o of msg.options) {
    if (o.number === Option.PROXY_URI || o.number === Option.PROXY_SCHEME) return { code: Code.PROXYING_NOT_SUPPORTED };
    if (isCritical(o.number) && !KNOWN.has(o.number)) return { code: Code.BAD_OPTION };
    if ((o.number === Option.URI_PATH || o.number === Option.URI_QUERY) && o.value.length > 255) return { code: Code.BAD_OPTION };
  }
  const block1 = getOption(msg, Option.BLOCK1);
  // A malformed Block1 value (longer than 3 bytes, or the reserved SZX 7) is a bad request (RFC 7959 §2.2).
  if (block1 && !decodeBlock(block1)) return { code: Code.BAD_REQUEST };
  return null;
}

function toRequest(msg: CoapMessage, remote: Remote): CoapRequest {
  const path: string[] = [];
  const query: string[] = [];
  let contentFormat: number | undefined;
  let accept: number | undefined;
  let observe: number | undefined;
  let block1: BlockOption | undefined;
  for (const o of msg.options) {
    switch (o.number) {
      case Option.URI_PATH:
        path.push(utf8(o.value));
        break;
      case Option.URI_QUERY:
        query.push(utf8(o.value));
        break;
      case Option.CONTENT_FORMAT:
        contentFormat = decodeUint(o.value);
        break;
      case Option.ACCEPT:
        accept = decodeUint(o.value);
        break;
      case Option.OBSERVE:
        observe = decodeUint(o.value);
        break;
      case Option.BLOCK1:
        block1 = decodeBlock(o.value) ?? undefined;
        break;
    }
  }
  return { code: msg.code, path, query, contentFormat, accept, observe, block1, payload: msg.payload, remote, message: msg };
}

export function responseOptions(res: CoapResponse): CoapOption[] {
  const options: CoapOption[] = [...(res.options ?? [])];
  if (res.observe !== undefined) options.push({ number: Option.OBSERVE, value: encodeUint(res.observe & 0xffffff) });
  // Without a Content-Format, the payload of an error response is a diagnostic message in UTF-8 (RFC 7252 §5.5.2).
  if (res.contentFormat !== undefined) options.push({ number: Option.CONTENT_FORMAT, value: encodeUint(res.contentFormat) });
  if (res.maxAge !== undefined) options.push({ number: Option.MAX_AGE, value: encodeUint(res.maxAge) });
  if (res.block1) options.push({ number: Option.BLOCK1, value: encodeBlock(res.block1) });
  if (res.size1 !== undefined) options.push({ number: Option.SIZE1, value: encodeUint(res.size1) });
  return options;
}

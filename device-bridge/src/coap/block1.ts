/**
 * Block-wise request bodies, server side and atomic (RFC 7959 §2.5): the blocks of one body are collected
 * and the request is handled once, with the whole body, when the last block (M=0) arrives.
 *
 * A transfer is keyed by the client's address and port and the request (method, URI path and query), never by
 * token: RFC 7959 §2.4 lets a client use a new token for every block. Memory is bounded three ways: the body
 * size (checked against Size1 when the client announces it, and against what has arrived), the number of
 * transfers in progress (the least recently active one is dropped to make room), and a per-transfer timeout.
 * A dropped transfer is not an error until its next block arrives, which is then answered 4.08.
 */
import { MAX_BLOCK_SZX } from './constants.js';
import { blockSize, type BlockOption } from './message.js';

export interface Block1Options {
  /** Largest reassembled body, bytes. */
  maxBodyBytes: number;
  /** Transfers in progress at once; the least recently active one is dropped beyond it. */
  maxTransfers: number;
  /** A transfer without a new block for this long is dropped. */
  timeoutMs: number;
}

export type Block1Result =
  /** More blocks to come: answer 2.31 Continue with this Block1 option. */
  | { kind: 'continue'; block: BlockOption }
  /** The last block arrived: handle the request with `body`; the final response carries `block`. */
  | { kind: 'complete'; body: Buffer; block: BlockOption }
  /** A block out of order, or of a transfer this side no longer has (never started, dropped, timed out): 4.08. */
  | { kind: 'incomplete' }
  /** The body is (or is announced to be) over the limit: 4.13 with Size1 = `limit`. */
  | { kind: 'too-large'; limit: number }
  /** A block whose payload does not match its size: 4.00. */
  | { kind: 'malformed'; reason: string };

interface Transfer {
  chunks: Buffer[];
  received: number;
  expires: number;
}

export class Block1Assembler {
  /** Insertion order is activity order: a transfer is re-inserted at every block, so the first one is the stalest. */
  private readonly transfers = new Map<string, Transfer>();

  constructor(private readonly options: Block1Options) {}

  get size(): number {
    return this.transfers.size;
  }

  /**
   * One block of a request body. `size1` is the Size1 option of the request, if any: the whole body's size as
   * the client announces it (RFC 7959 §4), which lets an oversized body be refused at its first block.
   */
  accept(key: string, block: BlockOption, payload: Buffer, size1: number | undefined, now = Date.now()): Block1Result {
    this.sweep(now);
    const { maxBodyBytes } = this.options;
    if (size1 !== undefined && size1 > maxBodyBytes) return this.drop(key, { kind: 'too-large', limit: maxBodyBytes });
    const size = blockSize(block.szx);
    // Offsets come from NUM and the SZX of this very block, so a client may switch to a smaller size midway (§2.3).
    if (block.more ? payload.length !== size : payload.length > size) {
      return this.drop(key, { kind: 'malformed', reason: 'block payload does not match its size' });
    }
    const offset = block.num * size;
    const answered: BlockOption = { num: block.num, more: block.more, szx: Math.min(block.szx, MAX_BLOCK_SZX) };

    let transfer = this.transfers.get(key);
    if (block.num === 0) {
      // A first block always starts over: the client gave up on whatever it sent before.
      transfer = { chunks: [], received: 0, expires: 0 };
    } else if (!transfer || transfer.received !== offset) {
      return this.drop(key, { kind: 'incomplete' });
    }
    if (transfer.received + payload.length > maxBodyBytes) return this.drop(key, { kind: 'too-large', limit: maxBodyBytes });
    // The datagram's buffer would pin the whole message; keep a copy of the payload only.
    transfer.chunks.push(Buffer.from(payload));
    transfer.received += payload.length;

    this.transfers.delete(key);
    if (!block.more) return { kind: 'complete', body: Buffer.concat(transfer.chunks, transfer.received), block: answered };
    transfer.expires = now + this.options.timeoutMs;
    this.transfers.set(key, transfer);
    for (const oldest of this.transfers.keys()) {
      if (this.transfers.size <= this.options.maxTransfers) break;
      this.transfers.delete(oldest);
    }
    return { kind: 'continue', block: answered };
  }

  /** Drops transfers that have timed out. */
  sweep(now = Date.now()): void {
    for (const [key, t] of this.transfers) {
      if (t.expires > now) break;
      this.transfers.delete(key);
    }
  }

  clear(): void {
    this.transfers.clear();
  }

  private drop<R extends Block1Result>(key: string, result: R): R {
    this.transfers.delete(key);
    return result;
  }
}

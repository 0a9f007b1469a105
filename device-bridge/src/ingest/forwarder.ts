/**
 * Group commit: packs from many CoAP requests travel to the API together. While a batch is in flight the
 * next one fills up, so at low load a pack goes at once and at high load batches grow by themselves.
 * Each submitter learns its own pack's outcome when the batch that carried it has been committed.
 */
import { ApiUnreachable, StorageUnavailable, type ApiClient, type PackInput, type PackResult } from './api-client.js';

export type Outcome =
  | ({ kind: 'result' } & PackResult)
  /** Not stored: the API or its storage cannot take readings now; the device should retry after `retryAfterS`. */
  | { kind: 'unavailable'; retryAfterS: number }
  /** Not stored: something unexpected went wrong. */
  | { kind: 'error' };

export interface ForwarderOptions {
  /** Readings per GraphQL call (default 4000: ≈ 350 KB of JSON, under the API's 1 MB body limit). */
  maxBatchReadings?: number;
  /** Batches in flight at once (default 2: one being written while the next is sent). */
  maxInFlight?: number;
  /** Readings waiting for a batch; beyond it requests are turned away with 5.03 (default 200,000). */
  maxQueuedReadings?: number;
  onError?: (err: unknown) => void;
}

interface Waiting {
  pack: PackInput;
  resolve: (o: Outcome) => void;
}

export class Forwarder {
  private queue: Waiting[] = [];
  private queuedReadings = 0;
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly maxQueued: number;
  readonly stats = { batches: 0, packs: 0, readings: 0, rejectedOverload: 0 };

  constructor(
    private readonly api: ApiClient,
    private readonly options: ForwarderOptions = {},
  ) {
    this.maxBatch = options.maxBatchReadings ?? 4000;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxQueued = options.maxQueuedReadings ?? 200_000;
  }

  /** Readings waiting for a batch. */
  get queued(): number {
    return this.queuedReadings;
  }

  submit(pack: PackInput): Promise<Outcome> {
    if (this.queuedReadings + pack.readings.length > this.maxQueued) {
      this.stats.rejectedOverload++;
      return Promise.resolve({ kind: 'unavailable', retryAfterS: 2 });
    }
    return new Promise((resolve) => {
      this.queue.push({ pack, resolve });
      this.queuedReadings += pack.readings.length;
      this.schedule();
    });
  }

  /** Resolves when nothing is queued or in flight (for a graceful shutdown). */
  async drain(): Promise<void> {
    while (this.queue.length || this.inFlight) await new Promise((r) => setTimeout(r, 10));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.queue.length) return;
    this.scheduled = true;
    // Wait for the rest of this I/O phase: datagrams that arrived together travel together.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || !this.queue.length) return;
    const batch: Waiting[] = [];
    let readings = 0;
    while (this.queue.length && (batch.length === 0 || readings + this.queue[0].pack.readings.length <= this.maxBatch)) {
      const w = this.queue.shift()!;
      readings += w.pack.readings.length;
      batch.push(w);
    }
    this.queuedReadings -= readings;
    this.inFlight++;
    this.schedule();
    try {
      const results = await this.api.ingest(batch.map((w) => w.pack));
      this.stats.batches++;
      this.stats.packs += batch.length;
      this.stats.readings += readings;
      batch.forEach((w, i) => w.resolve({ kind: 'result', ...results[i] }));
    } catch (err) {
      if (err instanceof StorageUnavailable) {
        batch.forEach((w) => w.resolve({ kind: 'unavailable', retryAfterS: err.retryAfterS }));
      } else if (err instanceof ApiUnreachable) {
        this.options.onError?.(err);
        batch.forEach((w) => w.resolve({ kind: 'unavailable', retryAfterS: 10 }));
      } else {
        this.options.onError?.(err);
        batch.forEach((w) => w.resolve({ kind: 'error' }));
      }
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}

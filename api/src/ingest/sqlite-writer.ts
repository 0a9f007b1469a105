/**
 * The embedded engine's ingest writes, in a thread of their own.
 *
 * On SQLite the transaction runs in process: its statements, the COMMIT and the fsync are CPU and waiting on the
 * API's event loop — a third of its time under load was the COMMIT alone (tests/bench/SCALING.md) — the same loop
 * that runs every subscriber's live delivery, the cabinet's queries and the ingest channel. Here the batch is handed
 * to a worker thread (sqlite-writer.worker.ts) that owns one connection to the same file and answers after its
 * commit; the loop only waits for the answer. WAL lets the API's own connections read meanwhile.
 *
 * The write still takes this process's write turn first (sqlite-dialect.ts, `takeWriteTurn`): the pool's write
 * transactions (the rollup job, sessions, alerts) and ingest keep taking turns first come first served instead of
 * racing for SQLite's lock. The thread starts at the first write, is not kept alive for its own sake (unref'd while
 * idle), and is replaced if it dies; a batch it could not answer fails like a storage error (the bridge retries).
 */
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { takeWriteTurn } from '../db/sqlite-dialect.js';
import { startWorker } from '../ops/worker-thread.js';
import { packBatch, type WriteBatch, type WriteResult } from './batch.js';
import type { WriterOptions } from './sqlite-writer.worker.js';

type Answer = { id: number; result: WriteResult } | { id: number; error: { message: string; code?: string } };

const libsql = createRequire(import.meta.url).resolve('libsql');

export class SqliteWriter {
  private worker: Promise<Worker> | null = null;
  private readonly pending = new Map<number, { resolve(r: WriteResult): void; reject(e: Error): void }>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly file: string) {}

  /** Writes `batch` in one transaction, waiting at most `waitMs` for the write turn and SQLite's lock together. */
  async write(batch: WriteBatch, waitMs: number): Promise<WriteResult> {
    if (this.closed) throw Object.assign(new Error('the ingest writer is closed'), { code: 'WRITER_CLOSED' });
    const started = Date.now();
    const endTurn = await takeWriteTurn(waitMs);
    try {
      const worker = await this.thread();
      const id = this.nextId++;
      const answer = new Promise<WriteResult>((resolve, reject) => this.pending.set(id, { resolve, reject }));
      if (this.pending.size === 1) worker.ref();
      const { packed, transfer } = packBatch(batch);
      worker.postMessage({ id, batch: packed, waitMs: Math.max(0, waitMs - (Date.now() - started)) }, transfer);
      return await answer;
    } finally {
      endTurn();
    }
  }

  /** Ends the thread (the ORM is closing); a batch in flight is answered first. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const w = await worker.catch(() => null);
    if (!w) return;
    while (this.pending.size) await new Promise((r) => setTimeout(r, 5));
    await w.terminate();
  }

  private thread(): Promise<Worker> {
    if (this.worker) return this.worker;
    const options: WriterOptions = { file: this.file, libsql };
    const started = startWorker(new URL('./sqlite-writer.worker.js', import.meta.url), { workerData: options }).then((worker) => {
      worker.unref();
      worker.on('message', (answer: Answer) => {
        const waiting = this.pending.get(answer.id);
        if (!waiting) return;
        this.pending.delete(answer.id);
        if (!this.pending.size) worker.unref();
        if ('result' in answer) waiting.resolve(answer.result);
        else waiting.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
      });
      const fail = (err: Error) => {
        if (this.worker === started) this.worker = null;
        for (const [, waiting] of this.pending) waiting.reject(err);
        this.pending.clear();
      };
      worker.on('error', (err) => fail(Object.assign(new Error(`ingest writer thread failed: ${err.message}`), { code: 'WRITER_FAILED' })));
      worker.on('exit', (code) => fail(Object.assign(new Error(`ingest writer thread exited (${code})`), { code: 'WRITER_EXITED' })));
      return worker;
    });
    started.catch(() => {
      if (this.worker === started) this.worker = null;
    });
    this.worker = started;
    return started;
  }
}

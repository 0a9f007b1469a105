/**
 * The embedded SQLite database's ingest writes, in a worker thread with a connection of its own.
 *
 * libsql's calls are synchronous: on the event loop, every ingest COMMIT — the WAL append and its fsync with
 * synchronous=FULL, two thirds of the API's busy time under load (tests/bench/SCALING.md) — held up everything
 * else the loop does, above all delivering live readings to subscribers. Here the loop only hands the batch over
 * and goes on; the thread begins, writes, commits and answers, and the loop publishes after the answer, so
 * nothing is acknowledged or published before it is committed.
 *
 * The thread writes only while it holds this process's write turn (sqlite-dialect.ts): the ORM's transactions
 * (the rollup job, accounts, …) wait for it asynchronously instead of meeting SQLite's busy handler. One write
 * is in the thread at a time. A write that fails after BEGIN ends the thread (libsql keeps a failed statement in
 * progress until it is garbage-collected, holding the connection); the next write starts a new one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { takeWriteTurn } from '../db/sqlite-dialect.js';
import type { WriteBatch, WriteResult } from './write-batch.js';

/** To the thread: one batch to write within `waitMs` of waiting for SQLite's lock. */
export interface WriteRequest {
  id: number;
  batch: WriteBatch;
  waitMs: number;
}
/** From the thread: what the write answered, or why it failed (nothing of the batch is stored then). */
export type WriteReply = { id: number; result: WriteResult } | { id: number; error: { message: string; code?: string }; ending: boolean };

/**
 * The thread's module. Compiled (`pnpm start`, dist/): the .js beside this one. From the sources (vitest, the
 * package scripts), no TypeScript loader may run in the thread — @swc-node's native addon crashes the process
 * (SIGSEGV) when a second thread loads it — so the thread's few modules are compiled here, on this thread, with
 * @swc/core into node_modules/.cache (keyed by their content: compiled once, reused while unchanged).
 */
async function threadModule(): Promise<URL> {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return new URL('./sqlite-writer.worker.js', import.meta.url);
  const srcDir = path.resolve(path.dirname(here), '..');
  // The worker and the modules it imports at run time (relative value imports; `import type` is erased).
  const files: string[] = [];
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*? from '(\.[^']+)\.js';/gm)) visit(path.resolve(path.dirname(file), `${spec}.ts`));
  };
  visit(path.join(path.dirname(here), 'sqlite-writer.worker.ts'));
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(f));
  const apiDir = path.resolve(srcDir, '..');
  const dir = path.join(apiDir, 'node_modules', '.cache', 'sqlite-writer', hash.digest('hex').slice(0, 16));
  const entry = path.join(dir, path.relative(srcDir, path.join(path.dirname(here), 'sqlite-writer.worker.js')));
  if (!existsSync(entry)) {
    const { transformSync } = await import('@swc/core');
    const next = `${dir}.${process.pid}-${Date.now()}`;
    for (const f of files) {
      const out = path.join(next, path.relative(srcDir, f)).replace(/\.ts$/, '.js');
      mkdirSync(path.dirname(out), { recursive: true });
      const { code } = transformSync(readFileSync(f, 'utf8'), { filename: f, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' }, sourceMaps: 'inline' });
      writeFileSync(out, code);
    }
    try {
      renameSync(next, dir);
    } catch {
      rmSync(next, { recursive: true, force: true }); // another process got there first: the same content
    }
  }
  return pathToFileURL(entry);
}

/** A running thread and the writes it has not answered yet. */
interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (r: WriteResult) => void; reject: (e: Error) => void }>;
}

export class SqliteWriterThread {
  private thread: Thread | null = null;
  private nextId = 1;
  private closed = false;
  private module: Promise<URL> | null = null;

  constructor(private readonly file: string) {}

  /** Writes `batch` in one transaction, waiting at most `waitMs` for the write turn and SQLite's lock (then SQLITE_BUSY). */
  async write(batch: WriteBatch, waitMs: number): Promise<WriteResult> {
    const started = Date.now();
    const endTurn = await takeWriteTurn(waitMs);
    try {
      return await this.send(batch, Math.max(0, waitMs - (Date.now() - started)));
    } finally {
      endTurn();
    }
  }

  /** Ends the thread (its connection closes with it); a write still in it fails. */
  async close(): Promise<void> {
    this.closed = true;
    const thread = this.thread;
    this.thread = null;
    if (thread) await thread.worker.terminate();
  }

  private async send(batch: WriteBatch, waitMs: number): Promise<WriteResult> {
    const module = await (this.module ??= threadModule());
    if (this.closed) throw new Error('the database is closed');
    const thread = (this.thread ??= this.start(module));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.ref(); // a write in the thread keeps the process alive until it is answered
      thread.worker.postMessage({ id, batch, waitMs } satisfies WriteRequest);
    });
  }

  private start(module: URL): Thread {
    const thread: Thread = { worker: new Worker(module, { execArgv: [], workerData: { file: this.file } }), pending: new Map() };
    const { worker, pending } = thread;
    worker.unref();
    const retire = () => {
      if (this.thread === thread) this.thread = null;
    };
    worker.on('message', (reply: WriteReply) => {
      // A thread whose write failed past BEGIN ends itself: the next write must not be sent to it.
      if ('error' in reply && reply.ending) retire();
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (!pending.size) worker.unref();
      if ('result' in reply) waiting.resolve(reply.result);
      else waiting.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
    });
    const ended = (err: Error) => {
      retire();
      for (const waiting of pending.values()) waiting.reject(err);
      pending.clear();
    };
    worker.on('error', ended);
    worker.on('exit', (code) => ended(new Error(`the ingest writer thread ended (exit code ${code})`)));
    return thread;
  }
}

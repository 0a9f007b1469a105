import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.js';

/**
 * A job run by a timer and on demand — the submission engine's and the webhook sender's passes. Passes never
 * overlap: a kick during a pass runs one more right after it. Stopping waits a little for the pass in progress, not
 * for ever: with the database gone a pass may wait a minute for a connection, and shutdown must not. A pass cut
 * short loses nothing when its work is claimed rows whose claims lapse (both users' are).
 */
export class JobLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** A pass every `intervalMs` (0: none; passes then run only when kicked) and one now. */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(waitMs = 3000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (timeout = setTimeout(resolve, waitMs)))]);
    clearTimeout(timeout);
  }

  /** Runs a pass soon (coalesced with one in progress). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch(this.onError)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for the pass in progress, and the one it was kicked for, if any. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}

/**
 * An engine whose passes a JobLoop runs — the submission engine and the webhook sender: the loop's start, stop,
 * kick and idle, the clock and randomness tests replace, and the name its claims carry.
 */
export abstract class LoopedEngine {
  /** The clock every decision reads (tests replace it). */
  now: () => Date = () => new Date();
  random: () => number = Math.random;
  /** How long one outgoing attempt may take. */
  sendTimeoutMs = 10_000;
  /** This process's name on the rows it claims. */
  readonly worker = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly loop: JobLoop;

  constructor(name: string, log: Logger) {
    this.loop = new JobLoop(
      () => this.pass(),
      // The whole error, stack included: a pass fails on something unexpected (the database, a bug), and the
      // operator needs to know where.
      (err) => log.error({ err }, `${name}: pass failed`),
    );
  }

  /** One pass of the engine's work. */
  protected abstract pass(): Promise<void>;

  /** A pass every `intervalMs` (0: only when kicked) and one now. */
  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  /** Stops the timer and waits a little for a pass in progress; its claims lapse for the next process. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs a pass soon (coalesced with one in progress). */
  kick(): void {
    this.loop.kick();
  }

  /** Waits for the pass in progress, if any. */
  idle(): Promise<void> {
    return this.loop.idle();
  }
}

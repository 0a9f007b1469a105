/**
 * A push-fed async iterator, for the live paths: one per subscriber (tens of thousands on a process), every live
 * event passing through. A general-purpose one (Repeater) costs several promises and closures per event; this is
 * an array and, while the consumer waits, one pending promise.
 *
 * Bounded: a consumer that falls `limit` events behind (a socket that does not drain) ends with `overflow()`
 * instead of holding memory without end; it resumes with `since`.
 */
type Waiter<T> = { resolve: (r: IteratorResult<T>) => void; reject: (err: unknown) => void };

/**
 * A consumer that takes events as they are pushed, synchronously, instead of pulling them one promise at a time
 * (live fan-out: tens of thousands of consumers, every event). `end` comes once: null when the stream simply
 * ended, else the error it ended with.
 */
export interface Sink<T> {
  event(value: T): void;
  end(err: unknown): void;
}

/** A source that can hand its events to a Sink (EventQueue, and wrappers that pass the ability on). */
export interface Attachable<T> {
  attach(sink: Sink<T>): void;
}

export const isAttachable = <T>(it: unknown): it is Attachable<T> => typeof (it as Partial<Attachable<T>>)?.attach === 'function';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true as const });

export class EventQueue<T> implements AsyncIterableIterator<T> {
  private buffer: T[] = [];
  private head = 0;
  private waiter: Waiter<T> | null = null;
  /** Set once no more events are taken; `error` (if any) is thrown after the buffered events. */
  private ended = false;
  private error: unknown = null;
  private cleanup: (() => void) | null;
  private sink: Sink<T> | null = null;

  constructor(
    /** Called once, when the queue ends for any reason: detach the producers here. */
    cleanup: () => void,
    private readonly limit: number,
    private readonly overflow: () => unknown,
  ) {
    this.cleanup = cleanup;
  }

  get closed(): boolean {
    return this.ended;
  }

  push(value: T): void {
    if (this.ended) return;
    if (this.sink) return this.sink.event(value);
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w.resolve({ value, done: false });
      return;
    }
    if (this.buffer.length - this.head >= this.limit) return this.fail(this.overflow());
    this.buffer.push(value);
  }

  /** Ends the stream after what is buffered, with `err`. */
  fail(err: unknown): void {
    if (this.ended) return;
    if (this.sink) {
      this.finish();
      return this.sink.end(err);
    }
    this.error = err;
    this.finish();
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      this.error = null;
      w.reject(err);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.buffer.length) {
      const value = this.buffer[this.head];
      this.buffer[this.head++] = undefined as T;
      if (this.head === this.buffer.length) {
        this.buffer = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.buffer.length) {
        this.buffer = this.buffer.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) {
      const err = this.error;
      if (err !== null) {
        this.error = null;
        return Promise.reject(err);
      }
      return Promise.resolve(DONE);
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Ends the stream after what is buffered, without an error. */
  end(): void {
    if (this.ended) return;
    this.finish();
    if (this.sink) return this.sink.end(null);
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w.resolve(DONE);
    }
  }

  /**
   * From now on events go to `sink` as they are pushed (what is buffered first), and the end too; `next` is no
   * longer used. `return` still ends it.
   */
  attach(sink: Sink<T>): void {
    const buffered = this.buffer.slice(this.head);
    this.buffer = [];
    this.head = 0;
    const err = this.error;
    this.error = null;
    for (const v of buffered) sink.event(v);
    if (this.ended) return sink.end(err);
    this.sink = sink;
  }

  /** The consumer is done: drop what is buffered, detach the producers. */
  return(): Promise<IteratorResult<T>> {
    this.sink = null;
    this.buffer = [];
    this.head = 0;
    this.error = null;
    this.finish();
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w.resolve(DONE);
    }
    return Promise.resolve(DONE);
  }

  throw(err: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    this.ended = true;
    const c = this.cleanup;
    this.cleanup = null;
    c?.();
  }
}

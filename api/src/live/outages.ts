/**
 * Subscriptions and the loss of live data (Redis unreachable). graphql-js passes an error thrown by a
 * subscription's source straight to the transport, which drops the socket; instead the source ends with a
 * marker, and the field resolver turns the marker into a GraphQL error the client can read
 * (`SERVICE_UNAVAILABLE`, retry after a few seconds with `since`), followed by completion.
 */
import { isAttachable, type Attachable, type Sink } from '../pubsub/event-queue.js';
import { LiveUnavailable } from '../pubsub/live-unavailable.js';
import { ReasonedError, ErrorCode, because } from '../errors/client-errors.js';

const OUTAGE = Symbol.for('askue.liveOutage');
export interface Outage {
  readonly [OUTAGE]: true;
}

export class LiveUnavailableError extends ReasonedError {
  constructor() {
    super(ErrorCode.SERVICE_UNAVAILABLE, because('LIVE_UNAVAILABLE'), { retryAfter: 5 });
  }
}

/**
 * Ends the stream with an outage marker instead of an error when live data is lost. A plain iterator around the
 * source (one per subscriber, every event through it): no queue of its own.
 */
export function surfaceOutages<T>(source: AsyncIterable<T>): AsyncIterableIterator<T | Outage> & Partial<Attachable<T | Outage>> {
  const it = source[Symbol.asyncIterator]();
  let over = false;
  // A source that hands events to a sink passes the ability on, with the outage turned into the marker.
  const attach = isAttachable<T>(it)
    ? (sink: Sink<T | Outage>) =>
        it.attach({
          event: (v) => sink.event(v),
          end: (err) => {
            if (err instanceof LiveUnavailable) {
              sink.event(outageMarker());
              sink.end(null);
            } else sink.end(err);
          },
        })
    : undefined;
  const done: IteratorReturnResult<undefined> = { value: undefined, done: true };
  const end = async () => {
    over = true;
    await it.return?.();
    return done;
  };
  return {
    async next() {
      if (over) return done;
      try {
        return await it.next();
      } catch (err) {
        void end();
        if (err instanceof LiveUnavailable) return { value: outageMarker(), done: false };
        throw err;
      }
    },
    return: end,
    ...(attach ? { attach } : {}),
    async throw(err) {
      await end();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The marker a stream ends with when live data is lost. */
export function outageMarker(): Outage {
  return { [OUTAGE]: true } as Outage;
}

/** In a subscription's field resolver: the event, or the outage as an error. */
export function liveValue<T>(root: T | Outage): T {
  if (root && typeof root === 'object' && OUTAGE in root) throw new LiveUnavailableError();
  return root as T;
}

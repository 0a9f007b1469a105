/**
 * Subscriptions and the loss of live data (Redis unreachable). graphql-js passes an error thrown by a
 * subscription's source straight to the transport, which drops the socket; instead the source ends with a
 * marker, and the field resolver turns the marker into a GraphQL error the client can read
 * (`SERVICE_UNAVAILABLE`, retry after a few seconds with `since`), followed by completion.
 */
import { Repeater } from '@repeaterjs/repeater';
import { LiveUnavailable } from '../pubsub/redis-bus.js';
import { ClientError, ErrorCode } from './errors.js';

const OUTAGE = Symbol.for('askue.liveOutage');
export interface Outage {
  readonly [OUTAGE]: true;
}

export class LiveUnavailableError extends ClientError {
  constructor() {
    super(ErrorCode.SERVICE_UNAVAILABLE, 'Живые данные временно недоступны. Переподключитесь через несколько секунд (с since — без потерь)', { retryAfter: 5 });
  }
}

/** Ends the stream with an outage marker instead of an error when live data is lost. */
export function surfaceOutages<T>(source: AsyncIterable<T>): AsyncIterable<T | Outage> {
  return new Repeater<T | Outage>(async (push, stop) => {
    const it = source[Symbol.asyncIterator]();
    let done = false;
    void stop.then(() => {
      done = true;
      return it.return?.();
    });
    try {
      while (!done) {
        const next = await it.next();
        if (next.done) break;
        await push(next.value);
      }
    } catch (err) {
      if (!(err instanceof LiveUnavailable)) return stop(err);
      await push({ [OUTAGE]: true });
    }
    stop();
  });
}

/** In a subscription's field resolver: the event, or the outage as an error. */
export function liveValue<T>(root: T | Outage): T {
  if (root && typeof root === 'object' && OUTAGE in root) throw new LiveUnavailableError();
  return root as T;
}

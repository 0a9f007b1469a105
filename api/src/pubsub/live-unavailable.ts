/** What a live channel's listener is told: each event, or once that the channel is lost. */
export interface ChannelListener {
  event(payload: unknown): void;
  lost(err: unknown): void;
}

/** Live events cannot be delivered (Redis unreachable): subscriptions end with SERVICE_UNAVAILABLE. */
export class LiveUnavailable extends Error {
  override name = 'LiveUnavailable';
  constructor(message = 'live data unavailable: Redis is unreachable') {
    super(message);
  }
}

/** A subscriber fell too far behind (its socket does not drain): its stream ends; it resumes with `since`. */
export class LiveOverflow extends LiveUnavailable {
  override name = 'LiveOverflow';
  constructor(limit: number) {
    super(`live subscriber more than ${limit} events behind`);
  }
}

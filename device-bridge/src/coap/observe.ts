/**
 * Observers of resources (RFC 7641): who is notified, with which token, and the sequence numbers.
 *
 * The registry knows resources only by path and observers only by address, port and token; what a
 * notification says is decided by whoever calls `notify`. An observer is kept per client endpoint and
 * resource: a second registration from the same address and port replaces the first (a rebooted modem comes
 * back with a new token), so a client cannot pile up observations of one resource.
 *
 * Notifications are always confirmable. That costs nothing for resources that change rarely, and the answer
 * tells whether the observer is still there: a Reset, or no ACK after every retransmission, removes it
 * (RFC 7641 §4.5). A notification with a code other than 2.xx ends the observation (§4.2).
 */
import { Observe } from './constants.js';
import { responseOptions, type CoapRequest, type CoapResponse, type ConfirmableSender, type Remote } from './endpoint.js';

export interface Observer<T> {
  readonly remote: Remote;
  readonly token: Buffer;
  readonly path: string;
  /** Observers notified together (for the bridge: the observers of one controller). */
  readonly group: string;
  /** What the caller needs to render this observer's notifications (e.g. the Accept it asked for). */
  readonly data: T;
}

export interface ObserveOptions {
  /** Observers in all; a registration beyond it is served as a plain GET (no Observe option in the answer). */
  maxObservers: number;
  /** Observers per group; a new registration beyond it removes the group's oldest observer. */
  maxPerGroup: number;
  /** Called when an observer goes: deregistered, replaced, evicted, unreachable or ended by an error notification. */
  onRemoved?: (observer: Observer<unknown>, reason: RemovalReason) => void;
}

export type RemovalReason = 'deregistered' | 'replaced' | 'evicted' | 'unreachable' | 'ended' | 'closed';

interface Entry<T> extends Observer<T> {
  key: string;
  /** Stops retransmitting the notification still in flight, if any. */
  cancelPending?: () => void;
}

const keyOf = (remote: Remote, path: string) => `${remote.address}|${remote.port}|${path}`;

/** The path as one string: the key of a resource. */
export const pathOf = (req: Pick<CoapRequest, 'path'>): string => req.path.map(encodeURIComponent).join('/');

export class ObserverRegistry<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Per group, in registration order: the first one is the oldest. */
  private readonly byGroup = new Map<string, Set<Entry<T>>>();
  /** One counter for every notification this bridge sends: it only grows, which is all RFC 7641 §4.4 asks. */
  private sequence = 0;

  constructor(
    private readonly sender: ConfirmableSender,
    private readonly options: ObserveOptions,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Registers (or re-registers) the requesting client; the sequence number for the answer, or null when full. */
  register(req: CoapRequest, group: string, data: T): number | null {
    const path = pathOf(req);
    const key = keyOf(req.remote, path);
    const existing = this.entries.get(key);
    if (existing) this.remove(existing, 'replaced');
    const current = this.byGroup.get(group);
    // The oldest observer of a controller is the likeliest to be stale (a modem that came back on a new port).
    for (const oldest of current ?? []) {
      if (current!.size < this.options.maxPerGroup) break;
      this.remove(oldest, 'evicted');
    }
    if (this.entries.size >= this.options.maxObservers) return null;
    const entry: Entry<T> = { key, remote: { ...req.remote }, token: Buffer.from(req.message.token), path, group, data };
    this.entries.set(key, entry);
    let members = this.byGroup.get(group);
    if (!members) this.byGroup.set(group, (members = new Set()));
    members.add(entry);
    return this.nextSequence();
  }

  /** Removes the requesting client's observation of the requested resource, if any. */
  deregister(req: CoapRequest): boolean {
    const entry = this.entries.get(keyOf(req.remote, pathOf(req)));
    if (!entry) return false;
    this.remove(entry, 'deregistered');
    return true;
  }

  observers(group: string): Observer<T>[] {
    return [...(this.byGroup.get(group) ?? [])];
  }

  groups(): string[] {
    return [...this.byGroup.keys()];
  }

  /**
   * Sends a notification to one observer. A 2.xx gets the next sequence number; anything else is the last
   * notification and removes the observer. A newer notification replaces one that is still being retransmitted.
   */
  notify(observer: Observer<T>, res: CoapResponse): void {
    const entry = this.entries.get((observer as Entry<T>).key);
    if (entry !== observer) return; // gone meanwhile
    entry.cancelPending?.();
    const final = res.code >> 5 !== 2;
    const message = {
      code: res.code,
      token: entry.token,
      options: responseOptions(final ? { ...res, observe: undefined } : { ...res, observe: this.nextSequence() }),
      payload: res.payload ?? Buffer.alloc(0),
    };
    if (final) this.remove(entry, 'ended');
    entry.cancelPending = this.sender.sendConfirmable(entry.remote, message, (acked) => {
      entry.cancelPending = undefined;
      if (!acked && this.entries.get(entry.key) === entry) this.remove(entry, 'unreachable');
    });
  }

  remove(observer: Observer<T>, reason: RemovalReason = 'deregistered'): void {
    const entry = observer as Entry<T>;
    if (this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    const members = this.byGroup.get(entry.group);
    members?.delete(entry);
    if (members && !members.size) this.byGroup.delete(entry.group);
    if (reason !== 'ended') entry.cancelPending?.();
    this.options.onRemoved?.(entry, reason);
  }

  clear(): void {
    for (const entry of [...this.entries.values()]) this.remove(entry, 'closed');
  }

  private nextSequence(): number {
    this.sequence = (this.sequence + 1) & Observe.MAX_SEQUENCE;
    return this.sequence;
  }
}

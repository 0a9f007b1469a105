/**
 * Live fan-out without repeating the same work per subscriber (graphql-ws on one API process holds tens of
 * thousands of subscriptions; most of them send the same few query texts):
 * - a subscription's query text is parsed and validated once, not once per subscriber (`DocumentCache`);
 * - an event of a subscription whose result depends on nothing but the event and the operation (its root field is
 *   in `SHAREABLE`) is executed once per distinct operation and variables, and every subscriber of that event gets
 *   the same result object (`subscribeShared`).
 * Who may see an event is decided before it reaches execution, in the subscriber's own source stream (access
 * checked at subscribe time, visibility per event), so sharing the execution shares nothing a subscriber may not see.
 *
 * The `next` frames written here bypass graphql-ws: graphql-ws is pinned to an exact version in package.json, and
 * shared-execution.test.ts checks that these frames equal the ones graphql-ws's own server sends for the same results.
 */
import {
  createSourceEventStream,
  GraphQLError,
  execute,
  getOperationAST,
  Kind,
  parse,
  subscribe,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';

import { EventQueue, isAttachable, type Sink } from '../pubsub/event-queue.js';
import { LiveOverflow } from '../pubsub/live-unavailable.js';
import { outageMarker } from '../live/outages.js';
import { SUBSCRIBER_BUFFER } from '../pubsub/pubsub.js';

type PromiseOrValue<T> = Promise<T> | T;

/**
 * Root subscription fields whose field resolvers read only the event and the arguments — not the context, not the
 * viewer. A field that starts reading the viewer must leave this list.
 */
export const SHAREABLE = new Set(['readingAdded']);

/** Parsed and validated query texts, most recently used last. */
export class DocumentCache {
  private readonly entries = new Map<string, { document: DocumentNode } | { errors: readonly GraphQLError[] }>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
    private readonly parseOptions: ParseOptions,
    private readonly capacity = 500,
    /** Longer texts are parsed each time (rare, and they would crowd the cache). */
    private readonly maxQueryLength = 8192,
  ) {}

  /** The document of `query`, or why it is refused (a syntax error, the token limit, a validation rule). */
  get(query: string): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
    const hit = this.entries.get(query);
    if (hit) {
      this.entries.delete(query);
      this.entries.set(query, hit);
      return hit;
    }
    const entry = this.check(query);
    if (query.length <= this.maxQueryLength) {
      this.entries.set(query, entry);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }

  private check(query: string): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
    let document: DocumentNode;
    try {
      document = parse(query, this.parseOptions);
    } catch (err) {
      // parse throws only GraphQL syntax errors (the token limit is one).
      return { errors: [withCode(err as GraphQLError, 'GRAPHQL_PARSE_FAILED')] };
    }
    const errors = validate(this.schema, document, this.rules);
    return errors.length ? { errors: errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED', hideSuggestions(e.message))) } : { document };
  }
}

/**
 * graphql-js names the fields a mistyped one may have meant; over HTTP Armor's blockFieldSuggestion plugin hides
 * them (an Apollo plugin: it never sees WebSocket operations), with the same words as here.
 */
const hideSuggestions = (message: string) => message.replace(/Did you mean ".+"/g, '[Suggestion hidden]');

/** The error with the code Apollo gives the same failure over HTTP (graphql-js leaves `extensions.code` unset). */
function withCode(error: GraphQLError, code: string, message = error.message): GraphQLError {
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, originalError: error.originalError, extensions: { ...error.extensions, code } });
}

/**
 * The key under which an operation's results may be shared between subscribers, or null when they may not: a
 * subscription with a single root field from SHAREABLE. Same key ⇔ same text, operation and variables.
 */
export function sharedResultKey(document: DocumentNode, operationName: string | null | undefined, query: string, variables: unknown): string | null {
  const op = getOperationAST(document, operationName);
  if (op?.operation !== 'subscription') return null;
  const [field, ...more] = op.selectionSet.selections;
  if (more.length || field?.kind !== Kind.FIELD || !SHAREABLE.has(field.name.value)) return null;
  return `${operationName ?? ''}\u0000${JSON.stringify(variables ?? null)}\u0000${query}`;
}

/** The socket a shared subscription writes its frames to directly (a `ws` WebSocket). */
export interface FrameSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string, cb?: (err?: Error) => void): void;
}

/** How a subscription with a shared key is delivered: its id on the socket, and the socket. */
export interface SharedDelivery {
  key: string;
  id: string;
  socket: FrameSocket;
}

/** A shared result and, made once on first use, its JSON — null when it carries errors (those take the normal path). */
interface Shared {
  result: ExecutionResult;
  json: string | null | undefined;
}

/** Results by event object, then by shared key; gone with the event. */
const results = new WeakMap<object, Map<string, PromiseOrValue<Shared>>>();

const OPEN = 1;
/** What shared executions see as their context. */
const RELEASED_CONTEXT = Object.freeze({});
/** Above this many bytes queued on a socket, the next frame waits until the previous one is written. */
const HIGH_WATER_BYTES = 64 * 1024;
/** On the synchronous path (nothing to wait with): a socket with this much unsent ends its stream instead. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function jsonOf(shared: Shared): string | null {
  if (shared.json === undefined) shared.json = shared.result.errors ? null : JSON.stringify(shared.result);
  return shared.json;
}

/**
 * graphql-js `subscribe`, except for a subscription with a shared key (`delivery`): each event is executed once for
 * all subscriptions with that key, serialised once, and written straight to each subscriber's socket as a
 * graphql-transport-ws `next` frame — graphql-js would execute it, and graphql-ws serialise and send it through a
 * chain of promises, once per subscriber. A result with errors is handed back to graphql-ws (and its error masking)
 * instead. The iterator yields nothing else; it ends when its source ends or graphql-ws returns it.
 */
export async function subscribeShared(args: ExecutionArgs, delivery: SharedDelivery | null | undefined): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  if (!delivery) return subscribe(args);
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in (source as object))) return source as ExecutionResult;
  const it = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  // The operation's context (an EntityManager with what it loaded, its services) has done its work once the
  // source stream exists, and shareable fields never read it: let it go rather than keep it for the life of the
  // subscription. graphql-ws holds these same arguments, so they are changed in place.
  (args as { contextValue: unknown }).contextValue = RELEASED_CONTEXT;
  const { key, socket } = delivery;
  const prefix = `{"id":${JSON.stringify(delivery.id)},"type":"next","payload":`;
  const executeShared = (event: unknown): PromiseOrValue<Shared> => {
    const result = execute({ ...args, rootValue: event });
    return result instanceof Promise ? result.then((r) => ({ result: r, json: undefined })) : { result, json: undefined };
  };
  const run = (event: unknown): PromiseOrValue<Shared> => {
    if (event === null || typeof event !== 'object') return executeShared(event);
    let byKey = results.get(event);
    if (!byKey) results.set(event, (byKey = new Map()));
    let shared = byKey.get(key);
    if (!shared) byKey.set(key, (shared = executeShared(event)));
    return shared;
  };
  let returned = false;
  const done: IteratorReturnResult<undefined> = { value: undefined, done: true };
  const write = (json: string): void => {
    if (returned || socket.readyState !== OPEN) return;
    socket.send(`${prefix}${json}}`);
  };

  if (isAttachable<unknown>(it)) {
    // The fast path: events arrive through a sink, synchronously, and go out as frames at once — no promise per
    // event per subscriber. Results with errors, and the end, go through `out` to graphql-ws.
    let out: EventQueue<ExecutionResult> | null = null;
    let tail: Promise<void> | null = null; // set while an asynchronous result holds back the ones after it
    const deliver = (shared: Shared): void => {
      const json = jsonOf(shared);
      if (json === null) out!.push(shared.result);
      else if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        // A socket that has not taken this much is not reading: end its stream as when live data is lost
        // (SERVICE_UNAVAILABLE; the client resumes with `since`).
        if (returned) return;
        returned = true;
        void it.return?.();
        const outage = run(outageMarker());
        void Promise.resolve(outage).then((o) => {
          out!.push(o.result);
          out!.end();
        });
      } else write(json);
    };
    const sink: Sink<unknown> = {
      event(event) {
        const shared = run(event);
        if (!tail && !(shared instanceof Promise)) return deliver(shared);
        const previous = tail ?? Promise.resolve();
        const current: Promise<void> = previous.then(async () => deliver(await shared)).finally(() => tail === current && (tail = null));
        tail = current;
      },
      end(err) {
        const finish = () => (err === null ? out!.end() : out!.fail(err));
        if (tail) void tail.then(finish);
        else finish();
      },
    };
    const attached: AsyncIterableIterator<ExecutionResult> = {
      next() {
        if (!out) {
          // Attached on the first next(): by then graphql-ws has registered the subscription.
          out = new EventQueue<ExecutionResult>(() => {}, SUBSCRIBER_BUFFER, () => new LiveOverflow(SUBSCRIBER_BUFFER));
          it.attach(sink);
        }
        return out.next();
      },
      async return() {
        returned = true;
        await it.return?.();
        await out?.return();
        return done;
      },
      async throw(err) {
        returned = true;
        await it.return?.();
        throw err;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return attached;
  }

  const mapped: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      for (;;) {
        const next = await it.next();
        if (next.done || returned) return done;
        const pending = run(next.value);
        const shared = pending instanceof Promise ? await pending : pending;
        const json = jsonOf(shared);
        if (json === null) return { value: shared.result, done: false };
        if (returned || socket.readyState !== OPEN) continue;
        const frame = `${prefix}${json}}`;
        if (socket.bufferedAmount < HIGH_WATER_BYTES) socket.send(frame);
        else await new Promise<void>((resolve) => socket.send(frame, () => resolve()));
      }
    },
    async return() {
      returned = true;
      await it.return?.();
      return done;
    },
    async throw(err) {
      returned = true;
      await it.return?.();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return mapped;
}

/**
 * Contract of the seam in shared-execution.ts: it writes graphql-transport-ws `next` frames itself, bypassing
 * graphql-ws. For the same results, those frames must be byte for byte what graphql-ws's own server sends — so an
 * upgrade of graphql-ws (pinned to an exact version for this reason) that changes its frames fails here, not in the
 * field. Results with errors, `complete` and `error` frames are left to graphql-ws: the seam must write none of them.
 */
import { buildSchema, parse } from 'graphql';
import { GRAPHQL_TRANSPORT_WS_PROTOCOL, makeServer, MessageType } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { subscribeShared, type FrameSocket } from './shared-execution.js';

const schema = buildSchema(`
  type Tick { text: String!, value: Float!, at: String, tags: [String!]! }
  type Query { ok: Boolean }
  type Subscription { tick(meter: ID!): Tick }
`);

const QUERY = 'subscription($m: ID!) { tick(meter: $m) { text value at tags } }';
const VARIABLES = { m: 'E-0001' };
// An id with characters JSON must escape, and events with texts that must be escaped or kept as they are.
const ID = 'sub "1" \\ ид';
const EVENTS = [
  { tick: { text: 'Ток «фазы А» — 5 А', value: 42.5, at: '2026-01-01T00:00:00.000Z', tags: ['a', 'б'] } },
  { tick: { text: 'quote " backslash \\ newline \n tab \t line separator \u2028 emoji 🔌', value: -0.000001, at: null, tags: [] } },
  { tick: { text: '', value: 1e21, at: null, tags: ['<script>'] } },
  // An error (value must not be null): the seam hands it back to graphql-ws instead of writing a frame.
  { tick: { text: 'broken', value: null, at: null, tags: [] } },
  { tick: { text: 'after the error', value: 0, at: null, tags: [] } },
];

async function* events() {
  for (const e of EVENTS) yield e;
}

const roots = { subscription: { tick: () => events() } };

/** Every frame graphql-ws's own server sends for the subscription, in order. */
async function framesOfGraphqlWs(): Promise<string[]> {
  const sent: string[] = [];
  let receive!: (data: string) => Promise<void>;
  let completed!: () => void;
  const done = new Promise<void>((resolve) => (completed = resolve));
  const server = makeServer({ schema, roots });
  server.opened(
    {
      protocol: GRAPHQL_TRANSPORT_WS_PROTOCOL,
      send: (data) => {
        sent.push(data);
        if (JSON.parse(data).type === MessageType.Complete) completed();
      },
      close: () => {},
      onMessage: (cb) => (receive = cb),
    },
    {},
  );
  await receive(JSON.stringify({ type: MessageType.ConnectionInit }));
  await receive(JSON.stringify({ id: ID, type: MessageType.Subscribe, payload: { query: QUERY, variables: VARIABLES } }));
  await done;
  return sent.filter((f) => JSON.parse(f).type !== MessageType.ConnectionAck);
}

/** The frames the seam writes itself, and the results it hands back to graphql-ws. */
async function framesOfSeam(): Promise<{ written: string[]; handedBack: unknown[] }> {
  const written: string[] = [];
  const socket: FrameSocket = { readyState: 1, bufferedAmount: 0, send: (data, cb) => (written.push(data), cb?.()) };
  const it = await subscribeShared(
    { schema, document: parse(QUERY), variableValues: VARIABLES, rootValue: roots.subscription, contextValue: {} },
    { key: 'contract', id: ID, socket },
  );
  const handedBack: unknown[] = [];
  for await (const r of it as AsyncIterable<unknown>) handedBack.push(r);
  return { written, handedBack };
}

describe('the next frames shared execution writes itself', () => {
  it('are byte for byte the ones graphql-ws sends for the same results', async () => {
    const theirs = await framesOfGraphqlWs();
    const ours = await framesOfSeam();
    const theirNext = theirs.filter((f) => JSON.parse(f).type === MessageType.Next);
    // graphql-ws sends all five results (one with errors) and then completes.
    expect(theirNext).toHaveLength(5);
    expect(JSON.parse(theirs[theirs.length - 1])).toEqual({ id: ID, type: MessageType.Complete });
    // The seam writes the four without errors, exactly as graphql-ws does, and nothing else.
    const withoutErrors = theirNext.filter((f) => !JSON.parse(f).payload.errors);
    expect(withoutErrors).toHaveLength(4);
    expect(ours.written).toEqual(withoutErrors);
    // The result with errors goes back to graphql-ws (its masking, its frame).
    expect(ours.handedBack).toHaveLength(1);
    expect(ours.handedBack[0]).toMatchObject({ data: { tick: null }, errors: [{ message: 'Cannot return null for non-nullable field Tick.value.' }] });
  });
});

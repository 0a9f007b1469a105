/**
 * Integrator example 2: live readings over graphql-ws, resuming after a disconnect without losing readings.
 *   ASKUE_URL=https://askue.example ASKUE_TOKEN=askue_pat_… node --import @swc-node/register/esm-register examples/subscribe.ts
 * Prints each new reading; STOP_AFTER=n stops after n readings (used by CI).
 */
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { graphql, type ResultOf } from './graphql.js';

const url = `${(process.env.ASKUE_URL ?? 'http://localhost:3000').replace(/^http/, 'ws')}/graphql`;
const token = process.env.ASKUE_TOKEN;
if (!token) throw new Error('set ASKUE_TOKEN to a personal access token');
const stopAfter = Number(process.env.STOP_AFTER ?? Infinity);

// The newest reading time seen. graphql-ws sends the same payload object again after every reconnect, so
// keeping `since` up to date in it makes each resubscription replay exactly what was stored in between.
const variables: { since: string | null } = { since: null };
let count = 0;

const READING_ADDED_SUBSCRIPTION = graphql(`
  subscription ReadingAdded($since: DateTime) {
    readingAdded(since: $since) { meterId quantity value unit time }
  }
`);

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
  // Reconnect with backoff; a revoked token closes with 4401 and a refused one with 4403: do not retry those.
  retryAttempts: Infinity,
  shouldRetry: (event) => !(event && typeof event === 'object' && 'code' in event && [4401, 4403].includes((event as { code: number }).code)),
  on: { connected: () => console.error('connected') },
});

function subscribe() {
  client.subscribe<ResultOf<typeof READING_ADDED_SUBSCRIPTION>>(
    { query: print(READING_ADDED_SUBSCRIPTION), variables },
    {
      next: ({ data }) => {
        const r = data!.readingAdded;
        if (!variables.since || r.time > variables.since) variables.since = r.time;
        console.log(`${r.time} meter ${r.meterId} ${r.quantity} = ${r.value} ${r.unit}`);
        if (++count >= stopAfter) void Promise.resolve(client.dispose()).then(() => process.exit(0));
      },
      error: (err) => {
        console.error('subscription error', err);
        process.exit(1);
      },
      // The server completes a subscription only when it ends the stream; resume from where it stopped.
      complete: () => setTimeout(subscribe, 1000),
    },
  );
}
subscribe();

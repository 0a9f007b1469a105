/**
 * The bridge's way into the system for readings: the `ingestReadings` GraphQL mutation, authenticated with the
 * service credential. Keep-alive HTTP (Node's fetch) so batches do not pay for a connection each.
 */
import { randomBytes } from 'node:crypto';
import { graphql, queryText, type ResultOf, type TadaDocumentNode } from '../graphql.js';
import type { PackReading } from '../protocol/pack.js';

/** Request ids `bridge-<process>-<n>`: the API logs the same id, so a failed batch can be found on both sides. */
const PROCESS_ID = randomBytes(3).toString('hex');
let sequence = 0;
export const nextRequestId = () => `bridge-${PROCESS_ID}-${++sequence}`;

export interface PackInput {
  token: string;
  readings: PackReading[];
}

const INGEST_MUTATION = graphql(`
  mutation Ingest($packs: [ReadingPackInput!]!) {
    ingestReadings(packs: $packs) {
      status
      stored
      duplicates
      message
    }
  }
`);

export type PackResult = ResultOf<typeof INGEST_MUTATION>['ingestReadings'][number];
export type PackStatus = PackResult['status'];

/** The API answered, but could not take the batch: storage is down or overloaded. Retry after `retryAfterS`. */
export class StorageUnavailable extends Error {
  override name = 'StorageUnavailable';
  constructor(readonly retryAfterS: number) {
    super('storage unavailable');
  }
}

/** The API could not be reached or timed out. */
export class ApiUnreachable extends Error {
  override name = 'ApiUnreachable';
}

/** A pack as the mutation takes it: column by column (a third of the JSON, and far cheaper for the API to coerce). */
export function toColumns(pack: PackInput) {
  const { readings } = pack;
  const n = readings.length;
  const meters = new Array<string>(n);
  const quantities = new Array<string>(n);
  const times = new Array<number>(n);
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const r = readings[i];
    meters[i] = r.meter;
    quantities[i] = r.quantity;
    times[i] = r.time;
    values[i] = r.value;
  }
  return { token: pack.token, meters, quantities, times, values };
}

export interface ApiClient {
  ingest(packs: PackInput[]): Promise<PackResult[]>;
}

type GraphqlError = { message: string; extensions?: { code?: string; retryAfter?: number } };

/**
 * One GraphQL operation over HTTP with the service credential. The API unreachable, or answering through a
 * proxy that cannot reach it, is ApiUnreachable; STORAGE_UNAVAILABLE is StorageUnavailable; any other error is
 * an Error. Shared by everything the bridge asks the API.
 */
export async function postGraphql<Data, Variables>(
  url: string,
  secret: string,
  document: TadaDocumentNode<Data, Variables>,
  variables: Variables,
  timeoutMs = 10_000,
): Promise<Data> {
  const requestId = nextRequestId();
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, 'x-request-id': requestId },
      body: JSON.stringify({ query: queryText(document), variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new ApiUnreachable(`API not reachable (request ${requestId}): ${(err as Error).message}`, { cause: err });
  }
  // 502–504 come from a proxy or load balancer in front of the API: as good as unreachable.
  if (res.status >= 502 && res.status <= 504) throw new ApiUnreachable(`API answered HTTP ${res.status} (request ${requestId})`);
  let body: { data?: Data | null; errors?: GraphqlError[] };
  try {
    body = (await res.json()) as typeof body;
  } catch (err) {
    throw new ApiUnreachable(`API answered HTTP ${res.status} without JSON (request ${requestId})`, { cause: err });
  }
  const error = body.errors?.[0];
  if (error?.extensions?.code === 'STORAGE_UNAVAILABLE') throw new StorageUnavailable(error.extensions.retryAfter ?? 10);
  if (error || !body.data) throw new Error(`GraphQL call failed (request ${requestId}): ${error?.message ?? `HTTP ${res.status}`}`);
  return body.data;
}

export function createApiClient(url: string, secret: string, timeoutMs = 10_000): ApiClient {
  return {
    async ingest(packs) {
      const data = await postGraphql(url, secret, INGEST_MUTATION, { packs: packs.map(toColumns) }, timeoutMs);
      if (!data.ingestReadings) throw new Error('ingest failed: no result');
      if (data.ingestReadings.length !== packs.length) throw new Error('ingest answered a different number of packs');
      return data.ingestReadings;
    },
  };
}

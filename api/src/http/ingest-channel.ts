/**
 * The bridges' ingest channel: a WebSocket at /ingest that carries `ingestReadings` batches without HTTP, Express
 * or GraphQL — the fixed ≈ 5 ms each batch paid on the way in (tests/bench/SCALING.md). Same semantics as the
 * mutation, which stays for other clients: the service credential is checked before the upgrade (401 otherwise),
 * the packs are stored in one transaction by the same IngestService, and a batch's answer is sent only after the
 * commit. A bridge resends a batch whose answer it did not get (after a reconnect): ingest is idempotent, the
 * repeat is counted as duplicates.
 *
 * Frames are JSON text. Request: {"id": 7, "packs": [{"token", "meters", "quantities", "times", "values"}]}.
 * Answer: {"id": 7, "results": [{"status", "stored", "duplicates", "message"}]} (one per pack, in order), or
 * {"id": 7, "error": {"code": "STORAGE_UNAVAILABLE", "retryAfter": 10}} / {"code": "BAD_REQUEST", "message"} /
 * {"code": "INTERNAL"}. A malformed frame is answered with BAD_REQUEST and the connection stays open.
 */
import type { Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createContext, type AppDeps } from '../composition.js';
import { StorageUnavailableError } from '../errors/client-errors.js';
import { bearerFrom } from '../graphql/context.js';
import { tally, type Pack } from '../ingest/ingest.service.js';
import { secretsEqual } from '../security/tokens.js';
import { routeUpgrades } from './upgrades.js';
import { clientOf } from './websocket.js';

export const INGEST_CHANNEL_PATH = '/ingest';
/** A batch of 4,000 readings is ≈ 350 KB of JSON; the channel is for authenticated bridges only. */
export const MAX_CHANNEL_MESSAGE_BYTES = 2 * 1024 * 1024;

type Answer = { id: unknown; results: unknown[] } | { id: unknown; error: { code: string; message?: string; retryAfter?: number } };

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const numbers = (v: unknown): v is Array<number | null> => Array.isArray(v) && v.every((x) => x === null || typeof x === 'number');

/** The shape the GraphQL input type would have coerced: anything else is the bridge's bug, refused whole. */
function packsOf(message: unknown): Pack[] | null {
  const packs = (message as { packs?: unknown })?.packs;
  if (!Array.isArray(packs)) return null;
  for (const p of packs as Array<Record<string, unknown>>) {
    if (typeof p !== 'object' || p === null || typeof p.token !== 'string' || !strings(p.meters) || !strings(p.quantities) || !numbers(p.times) || !numbers(p.values)) return null;
  }
  return packs as Pack[];
}

export function attachIngestChannel(server: Server, deps: AppDeps): { dispose(): Promise<void> } {
  const { config, log, metrics } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    path: INGEST_CHANNEL_PATH,
    maxPayload: MAX_CHANNEL_MESSAGE_BYTES,
    verifyClient: ({ req }, done) => {
      const token = bearerFrom(req.headers.authorization, undefined);
      if (token && secretsEqual(token, config.bridge.secret)) return done(true);
      done(false, 401, 'The service credential is required');
    },
  });
  routeUpgrades(server, INGEST_CHANNEL_PATH, wss);

  const send = (ws: WebSocket, answer: Answer) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(answer));
  };

  async function handle(ws: WebSocket, data: RawData, client: ReturnType<typeof clientOf>): Promise<void> {
    let message: { id?: unknown } | null;
    try {
      message = JSON.parse(data.toString()) as { id?: unknown };
    } catch {
      return send(ws, { id: null, error: { code: 'BAD_REQUEST', message: 'a frame is one JSON object' } });
    }
    const id = message?.id ?? null;
    const packs = packsOf(message);
    if (!packs || (typeof id !== 'number' && typeof id !== 'string')) {
      return send(ws, { id, error: { code: 'BAD_REQUEST', message: 'expected {"id", "packs": [{"token", "meters", "quantities", "times", "values"}]}' } });
    }
    const context = createContext(deps, { principal: null, isBridge: true }, client, null);
    try {
      const results = await context.services.ingest.ingest(packs);
      const { stored, duplicates } = tally(results);
      metrics.readings.inc({ outcome: 'stored' }, stored);
      metrics.readings.inc({ outcome: 'duplicate' }, duplicates);
      send(ws, { id, results });
    } catch (err) {
      if (err instanceof StorageUnavailableError) return send(ws, { id, error: { code: 'STORAGE_UNAVAILABLE', retryAfter: err.retryAfterS } });
      log.error({ err: { message: (err as Error).message } }, 'ingest channel: batch failed');
      send(ws, { id, error: { code: 'INTERNAL' } });
    } finally {
      context.em.clear();
    }
  }

  wss.on('connection', (ws, req) => {
    const client = clientOf(req, config.http.trustProxy);
    log.info({ ip: client.ip }, 'ingest channel: a bridge connected');
    ws.on('message', (data) => void handle(ws, data, client));
    ws.on('error', (err) => log.warn({ err: { message: err.message } }, 'ingest channel: socket error'));
  });

  return {
    async dispose() {
      for (const ws of wss.clients) ws.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

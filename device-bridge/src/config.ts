/**
 * The bridge's configuration: read from the environment once, validated, typed.
 * Nothing else in this package reads `process.env`, except the simulator's own settings (simulator/config.ts).
 */
import { z } from 'zod';

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(min).max(max).default(fallback);

const schema = z.object({
  /** Interface to listen on (default :: — every interface, IPv4 and IPv6). */
  COAP_HOST: z.string().min(1).default('::'),
  /** UDP port (default 5683, the CoAP port). */
  COAP_PORT: int(5683, 0, 65535),
  /** The API's GraphQL endpoint (default http://127.0.0.1:3000/graphql). */
  API_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).default('http://127.0.0.1:3000/graphql'),
  /**
   * How readings reach the API: `channel` (default), the API's ingest WebSocket (/ingest: no HTTP request, Express
   * or GraphQL per batch), or `http`, the ingestReadings mutation — for an API behind a proxy that does not pass
   * WebSockets. Measured in tests/bench/SCALING.md, "The ingest channel".
   */
  API_TRANSPORT: z.enum(['channel', 'http']).default('channel'),
  /** The service credential shared with the API (≥ 32 characters). */
  BRIDGE_SECRET: z.string({ error: 'required: the service credential shared with the API' }).min(32, 'expected at least 32 characters'),
  /** Largest SenML payload accepted in one request, bytes (default 1024, RFC 7252's one-datagram payload). */
  MAX_PAYLOAD_BYTES: int(1024, 64, 65_000),
  /** Largest pack sent block-wise (Block1), bytes (default 65,536: a day of 15-minute readings of several meters). */
  MAX_BODY_BYTES: int(64 * 1024, 1024, 1024 * 1024),
  /** Block-wise transfers in progress at once (default 1000); the least recently active one is dropped beyond it. */
  BLOCK_TRANSFERS: int(1000, 1, 100_000),
  /** Seconds a block-wise transfer may wait for its next block (default 60). */
  BLOCK_TIMEOUT_S: int(60, 5, 247),
  /** Requests per controller per minute, sustained (default 120). */
  RATE_LIMIT_PER_MINUTE: int(120, 1, 60_000),
  /** Requests a controller may send back to back (default 60). */
  RATE_LIMIT_BURST: int(60, 1, 100_000),
  /** Seconds the bridge reuses the API's answer about a device token (default 5; 0: ask every time). */
  DEVICE_CACHE_S: int(5, 0, 60),
  /** Modems observing /config, in all (default 50,000). */
  MAX_OBSERVERS: int(50_000, 0, 1_000_000),
  /** Modems observing /config per controller (default 4); a new one replaces the oldest. */
  MAX_OBSERVERS_PER_CONTROLLER: int(4, 1, 64),
  /** Readings per GraphQL batch (default 4000). */
  BATCH_READINGS: int(4000, 1, 20_000),
  /** GraphQL batches in flight at once (default 2). */
  BATCH_IN_FLIGHT: int(2, 1, 64),
  /**
   * Requests with a token the API does not know, per client address per minute (default 30). Beyond it that
   * address gets 4.29 for tokens not already known, before anything costs an API call; modems with valid
   * tokens behind the same carrier NAT keep working.
   */
  UNKNOWN_TOKENS_PER_MINUTE: int(30, 1, 100_000),
  /** HTTP port for /healthz, /readyz and /metrics (default 8683; 0: any free port). */
  HTTP_PORT: int(8683, 0, 65535),
  /** Interface of the HTTP port (default :: — every interface). */
  HTTP_HOST: z.string().min(1).default('::'),
  /** Bearer token that opens /metrics to any address; unset: only direct requests from this machine. */
  METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  /** Seconds a modem is told to wait (Max-Age of 5.03) while this bridge shuts down (default 30). */
  SHUTDOWN_RETRY_S: int(30, 1, 3600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type BridgeConfig = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        const shown = name === 'BRIDGE_SECRET' ? '' : ` (got ${JSON.stringify(env[name])})`;
        return `${name}: ${i.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  if (e.MAX_BODY_BYTES < e.MAX_PAYLOAD_BYTES) {
    throw new ConfigError([`MAX_BODY_BYTES: must not be smaller than MAX_PAYLOAD_BYTES (${e.MAX_PAYLOAD_BYTES}) (got ${JSON.stringify(env.MAX_BODY_BYTES)})`]);
  }
  return {
    coap: { host: e.COAP_HOST, port: e.COAP_PORT },
    api: { url: e.API_URL, secret: e.BRIDGE_SECRET, transport: e.API_TRANSPORT },
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    blocks: { maxBodyBytes: e.MAX_BODY_BYTES, maxTransfers: e.BLOCK_TRANSFERS, timeoutMs: e.BLOCK_TIMEOUT_S * 1000 },
    rateLimit: { perMinute: e.RATE_LIMIT_PER_MINUTE, burst: e.RATE_LIMIT_BURST },
    unknownTokens: { perMinute: e.UNKNOWN_TOKENS_PER_MINUTE, burst: e.UNKNOWN_TOKENS_PER_MINUTE },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, metricsToken: e.METRICS_TOKEN },
    shutdownRetryS: e.SHUTDOWN_RETRY_S,
    devices: { cacheMs: e.DEVICE_CACHE_S * 1000 },
    observe: { maxObservers: e.MAX_OBSERVERS, maxPerController: e.MAX_OBSERVERS_PER_CONTROLLER },
    batch: { maxReadings: e.BATCH_READINGS, maxInFlight: e.BATCH_IN_FLIGHT },
    logLevel: e.LOG_LEVEL,
  };
}

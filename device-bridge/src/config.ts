/**
 * The bridge's configuration: read from the environment once, validated, typed.
 * Nothing else in this package reads `process.env`.
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
  /** The service credential shared with the API (≥ 32 characters). */
  BRIDGE_SECRET: z.string({ error: 'required: the service credential shared with the API' }).min(32, 'expected at least 32 characters'),
  /** Largest SenML payload accepted in one request, bytes (default 1024, RFC 7252's one-datagram payload). */
  MAX_PAYLOAD_BYTES: int(1024, 64, 65_000),
  /** Readings per GraphQL batch (default 4000). */
  BATCH_READINGS: int(4000, 1, 20_000),
  /** GraphQL batches in flight at once (default 2). */
  BATCH_IN_FLIGHT: int(2, 1, 64),
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
  return {
    coap: { host: e.COAP_HOST, port: e.COAP_PORT },
    api: { url: e.API_URL, secret: e.BRIDGE_SECRET },
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    batch: { maxReadings: e.BATCH_READINGS, maxInFlight: e.BATCH_IN_FLIGHT },
    logLevel: e.LOG_LEVEL,
  };
}

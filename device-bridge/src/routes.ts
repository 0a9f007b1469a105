/**
 * Device protocol v1 (PROTOCOL.md) on top of the CoAP endpoint: which path does what, and which CoAP answer
 * each outcome gets. POST /v1/{token}/readings is answered 2.04 only after the readings are committed;
 * GET /v1/{token}/time and /v1/{token}/config answer only for a token the API knows; /config is observable.
 */
import { Code, Observe } from './coap/constants.js';
import type { CoapHandler, CoapRequest, CoapResponse } from './coap/endpoint.js';
import type { Observer, ObserverRegistry } from './coap/observe.js';
import type { DeviceConfig } from './devices/device-api.js';
import type { DeviceDirectory, Lookup } from './devices/directory.js';
import type { Forwarder } from './ingest/forwarder.js';
import { decodePack, PackError, SENML_FORMATS } from './protocol/pack.js';
import type { RateLimiter } from './protocol/rate-limit.js';
import { encodeConfig, encodeTime, negotiate, type ConfigView, type Negotiated } from './protocol/resources.js';
import { truncateUtf8 } from './protocol/senml.js';
import { LRUCache } from 'lru-cache';

/** Device tokens are URL-safe base64 of at least 128 bits; anything else cannot be one. */
const TOKEN = /^[A-Za-z0-9_-]{22,128}$/;

/** Which method each resource takes. */
const METHODS = new Map<string, number>([
  ['readings', Code.POST],
  ['time', Code.GET],
  ['config', Code.GET],
]);

/**
 * Max-Age of /config (seconds): the configuration stays valid until a notification says otherwise, and an
 * observer that has heard nothing for a day re-registers (RFC 7641 §3.3.1), which also proves it is alive.
 */
export const CONFIG_MAX_AGE_S = 86_400;

/** Diagnostics are held to 64 bytes (PROTOCOL.md) here too: the API's messages pass through this. */
const diagnostic = (code: number, text: string): CoapResponse => ({ code, payload: Buffer.from(truncateUtf8(text, 64)) });

/** What the bridge remembers about a modem observing /config. */
export interface ConfigObservation {
  token: string;
  negotiated: Negotiated;
  /** The configuration it was last told, so that a change that changes nothing is not sent. */
  last: string;
}

/** Tokens that proved valid lately, remembered at most (oldest forgotten first). */
const MAX_TRUSTED_TOKENS = 100_000;
/** How long a token that proved valid is exempt from its address's unknown-token limit. */
const TRUST_MS = 3_600_000;

export interface RoutesOptions {
  forwarder: Forwarder;
  devices: DeviceDirectory;
  observers: ObserverRegistry<ConfigObservation>;
  /** Requests per device token. */
  limiter: RateLimiter;
  /** Requests with unknown tokens per client address (scanning costs the API nothing beyond it). */
  unknownSources: RateLimiter;
  /** True once the bridge is shutting down: new requests get 5.03 with `shutdownRetryS`. */
  draining?: () => boolean;
  shutdownRetryS?: number;
  maxPayloadBytes: number;
  /** Largest block-wise body (the endpoint enforces it; /config tells the modem). */
  maxBodyBytes: number;
  now?: () => number;
}

export interface Routes {
  handler: CoapHandler;
  /**
   * The API says a controller changed (its configuration or its tokens): forget what is cached for it, check
   * its observers' tokens again, and notify those whose view changed. `device` is the API's new configuration.
   */
  configChanged(controllerId: string, device?: DeviceConfig): Promise<void>;
  /** After changes may have been missed (the link to the API was down): check every observed controller. */
  resync(): Promise<void>;
}

export function createRoutes({
  forwarder,
  devices,
  observers,
  limiter,
  unknownSources,
  draining = () => false,
  shutdownRetryS = 30,
  maxPayloadBytes,
  maxBodyBytes,
  now = Date.now,
}: RoutesOptions): Routes {
  // Token → until when it is trusted, on this module's clock. Bounded by lru-cache: a Map trimmed from its front
  // slows down quadratically once full (see coap/endpoint.ts).
  const trusted = new LRUCache<string, number>({ max: MAX_TRUSTED_TOKENS });
  const trust = (token: string) => {
    trusted.set(token, now() + TRUST_MS);
  };
  const isTrusted = (token: string) => (trusted.get(token) ?? 0) > now() || devices.isKnown(token);
  const viewOf = (d: DeviceConfig): ConfigView => ({ serial: d.serial, interval: d.reportingIntervalS, phase: d.reportingPhaseS, maxBody: maxBodyBytes });
  const fingerprint = (v: ConfigView) => JSON.stringify(v);
  const configResponse = (view: ConfigView, n: Negotiated, observe?: number): CoapResponse => ({
    code: Code.CONTENT,
    contentFormat: n.contentFormat,
    payload: encodeConfig(view, n.representation),
    maxAge: CONFIG_MAX_AGE_S,
    observe,
  });

  const handler: CoapHandler = async (req) => {
    const [version, token, resource, ...rest] = req.path;
    if (version !== 'v1' || token === undefined || resource === undefined || rest.length) return { code: Code.NOT_FOUND };
    const method = METHODS.get(resource);
    if (method === undefined) return { code: Code.NOT_FOUND };
    if (req.code !== method) return { code: Code.METHOD_NOT_ALLOWED };
    // Any GET of /config ends the client's observation of it: Observe=1 and a plain GET deregister, and a
    // registration that fails (4.01, 4.29, …) must not leave an older one behind (RFC 7641 §3.1, §4.1).
    if (resource === 'config') observers.deregister(req);
    // Shutting down: nothing new is started; the modem retries later (on another bridge behind the balancer).
    if (draining()) return { code: Code.SERVICE_UNAVAILABLE, maxAge: shutdownRetryS };
    const source = req.remote.address;
    if (!TOKEN.test(token)) {
      unknownSources.take(source);
      return { code: Code.UNAUTHORIZED };
    }
    // An address that keeps presenting unknown tokens is scanning: it costs the API nothing more, while
    // modems with tokens that proved valid keep working from it.
    if (!isTrusted(token)) {
      const open = unknownSources.peek(source);
      if (!open.allowed) return { code: Code.TOO_MANY_REQUESTS, maxAge: open.retryAfterS };
    }
    // Before anything costs an API call: a flooding modem must not reach the API.
    const admission = limiter.take(token);
    if (!admission.allowed) return { code: Code.TOO_MANY_REQUESTS, maxAge: admission.retryAfterS };
    const res = await (resource === 'readings' ? postReadings(req, token) : resource === 'time' ? getTime(req, token) : getConfig(req, token));
    if (res.code === Code.UNAUTHORIZED) unknownSources.take(source);
    else if (res.code < Code.BAD_REQUEST || res.code === Code.FORBIDDEN) trust(token);
    return res;
  };

  async function postReadings(req: CoapRequest, token: string): Promise<CoapResponse> {
    const format = req.contentFormat === undefined ? undefined : SENML_FORMATS.get(req.contentFormat);
    if (!format) return diagnostic(Code.UNSUPPORTED_CONTENT_FORMAT, 'use Content-Format 110, 112, 50 or 60');
    // A block-wise body has been held to maxBodyBytes by the endpoint already; one datagram to maxPayloadBytes.
    if (!req.block1 && req.payload.length > maxPayloadBytes) return { code: Code.REQUEST_ENTITY_TOO_LARGE, size1: maxPayloadBytes };
    let readings;
    try {
      readings = decodePack(req.payload, format, now());
    } catch (err) {
      if (err instanceof PackError) return diagnostic(Code.BAD_REQUEST, err.message);
      throw err;
    }
    const outcome = await forwarder.submit({ token, readings });
    if (outcome.kind === 'unavailable') return { code: Code.SERVICE_UNAVAILABLE, maxAge: outcome.retryAfterS };
    if (outcome.kind === 'error') return { code: Code.INTERNAL_SERVER_ERROR };
    switch (outcome.status) {
      case 'STORED':
        return { code: Code.CHANGED };
      case 'UNAUTHORIZED':
        return { code: Code.UNAUTHORIZED };
      case 'FORBIDDEN':
        return diagnostic(Code.FORBIDDEN, outcome.message ?? 'meter not served by this controller');
      case 'INVALID':
        return diagnostic(Code.BAD_REQUEST, outcome.message ?? 'invalid pack');
    }
  }

  /** The device behind a token, or the answer to give instead. */
  async function authenticate(token: string): Promise<DeviceConfig | CoapResponse> {
    const found = await devices.lookup(token);
    if (found.kind === 'known') return found.device;
    if (found.kind === 'unknown') return { code: Code.UNAUTHORIZED };
    return { code: Code.SERVICE_UNAVAILABLE, maxAge: found.retryAfterS };
  }

  async function getTime(req: CoapRequest, token: string): Promise<CoapResponse> {
    const device = await authenticate(token);
    if ('code' in device) return device;
    const n = negotiate(req.accept);
    if (!n) return { code: Code.NOT_ACCEPTABLE };
    // Read the clock as late as possible, and forbid caching: a proxy's copy of the time would be wrong.
    return { code: Code.CONTENT, contentFormat: n.contentFormat, payload: encodeTime(now(), n.representation), maxAge: 0 };
  }

  async function getConfig(req: CoapRequest, token: string): Promise<CoapResponse> {
    const device = await authenticate(token);
    if ('code' in device) return device;
    const n = negotiate(req.accept);
    if (!n) return { code: Code.NOT_ACCEPTABLE };
    const view = viewOf(device);
    let observe: number | undefined;
    if (req.observe === Observe.REGISTER) {
      // Full: served as a plain GET; the missing Observe option tells the modem to poll instead (RFC 7641 §4.1).
      observe = observers.register(req, device.controllerId, { token, negotiated: n, last: fingerprint(view) }) ?? undefined;
    }
    return configResponse(view, n, observe);
  }

  async function configChanged(controllerId: string, device?: DeviceConfig): Promise<void> {
    devices.invalidate(controllerId);
    const watching = observers.observers(controllerId);
    if (!watching.length) return;
    const lookups = new Map<string, Promise<Lookup>>();
    await Promise.all(
      watching.map(async (o: Observer<ConfigObservation>) => {
        let pending = lookups.get(o.data.token);
        if (!pending) lookups.set(o.data.token, (pending = devices.lookup(o.data.token)));
        const found = await pending;
        if (found.kind === 'unknown') {
          // Revoked: the last notification says so and ends the observation.
          observers.notify(o, { code: Code.UNAUTHORIZED });
          return;
        }
        // The API cannot confirm the token right now: it was valid a moment ago, so send what the API announced.
        const current = found.kind === 'known' ? found.device : device;
        if (!current || current.controllerId !== controllerId) return;
        const view = viewOf(current);
        const print = fingerprint(view);
        if (print === o.data.last) return;
        o.data.last = print;
        observers.notify(o, configResponse(view, o.data.negotiated));
      }),
    );
  }

  async function resync(): Promise<void> {
    devices.clear();
    await Promise.all(observers.groups().map((id) => configChanged(id)));
  }

  return { handler, configChanged, resync };
}

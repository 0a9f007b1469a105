/**
 * Device protocol v1 (PROTOCOL.md) on top of the CoAP endpoint: which path does what, and which CoAP answer
 * each outcome gets. POST /v1/{token}/readings is answered 2.04 only after the readings are committed.
 */
import { Code } from './coap/constants.js';
import type { CoapHandler, CoapRequest, CoapResponse } from './coap/endpoint.js';
import type { Forwarder } from './ingest/forwarder.js';
import { decodePack, PackError, SENML_FORMATS } from './protocol/pack.js';

/** Device tokens are URL-safe base64 of at least 128 bits; anything else cannot be one. */
const TOKEN = /^[A-Za-z0-9_-]{22,128}$/;

const diagnostic = (code: number, text: string): CoapResponse => ({ code, payload: Buffer.from(text) });

export interface RoutesOptions {
  forwarder: Forwarder;
  maxPayloadBytes: number;
  now?: () => number;
}

export function createRoutes({ forwarder, maxPayloadBytes, now = Date.now }: RoutesOptions): CoapHandler {
  return (req) => {
    const [version, token, resource, ...rest] = req.path;
    if (version !== 'v1' || token === undefined || resource === undefined || rest.length) return { code: Code.NOT_FOUND };
    switch (resource) {
      case 'readings':
        if (req.code !== Code.POST) return { code: Code.METHOD_NOT_ALLOWED };
        return postReadings(req, token);
      default:
        return { code: Code.NOT_FOUND };
    }
  };

  async function postReadings(req: CoapRequest, token: string): Promise<CoapResponse> {
    if (!TOKEN.test(token)) return { code: Code.UNAUTHORIZED };
    const format = req.contentFormat === undefined ? undefined : SENML_FORMATS.get(req.contentFormat);
    if (!format) return diagnostic(Code.UNSUPPORTED_CONTENT_FORMAT, 'use Content-Format 110, 112, 50 or 60');
    if (req.payload.length > maxPayloadBytes) return { code: Code.REQUEST_ENTITY_TOO_LARGE, size1: maxPayloadBytes };
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
}

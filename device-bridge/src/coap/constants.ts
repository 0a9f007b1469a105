/**
 * CoAP constants in one place: RFC 7252 (messages, codes, options, timing), RFC 7959 (block-wise),
 * RFC 7641 (observe), RFC 8516 (4.29), and the Content-Format registry entries this bridge speaks.
 */

/** Message types (RFC 7252 §3). */
export enum MessageType {
  CON = 0,
  NON = 1,
  ACK = 2,
  RST = 3,
}

/** A code is class * 32 + detail: 2.04 is 0x44. */
export const code = (cls: number, detail: number): number => (cls << 5) | detail;
export const codeString = (c: number): string => `${c >> 5}.${String(c & 0x1f).padStart(2, '0')}`;

export const Code = {
  EMPTY: code(0, 0),
  GET: code(0, 1),
  POST: code(0, 2),
  PUT: code(0, 3),
  DELETE: code(0, 4),
  FETCH: code(0, 5),
  PATCH: code(0, 6),
  IPATCH: code(0, 7),

  CREATED: code(2, 1),
  DELETED: code(2, 2),
  VALID: code(2, 3),
  CHANGED: code(2, 4),
  CONTENT: code(2, 5),
  CONTINUE: code(2, 31),

  BAD_REQUEST: code(4, 0),
  UNAUTHORIZED: code(4, 1),
  BAD_OPTION: code(4, 2),
  FORBIDDEN: code(4, 3),
  NOT_FOUND: code(4, 4),
  METHOD_NOT_ALLOWED: code(4, 5),
  NOT_ACCEPTABLE: code(4, 6),
  REQUEST_ENTITY_INCOMPLETE: code(4, 8),
  PRECONDITION_FAILED: code(4, 12),
  REQUEST_ENTITY_TOO_LARGE: code(4, 13),
  UNSUPPORTED_CONTENT_FORMAT: code(4, 15),
  TOO_MANY_REQUESTS: code(4, 29),

  INTERNAL_SERVER_ERROR: code(5, 0),
  NOT_IMPLEMENTED: code(5, 1),
  SERVICE_UNAVAILABLE: code(5, 3),
  PROXYING_NOT_SUPPORTED: code(5, 5),
} as const;

export const isRequestCode = (c: number): boolean => c >> 5 === 0 && c !== Code.EMPTY;

/** Option numbers (RFC 7252 §5.10, RFC 7641, RFC 7959). Odd numbers are critical. */
export const Option = {
  IF_MATCH: 1,
  URI_HOST: 3,
  ETAG: 4,
  IF_NONE_MATCH: 5,
  OBSERVE: 6,
  URI_PORT: 7,
  LOCATION_PATH: 8,
  URI_PATH: 11,
  CONTENT_FORMAT: 12,
  MAX_AGE: 14,
  URI_QUERY: 15,
  ACCEPT: 17,
  LOCATION_QUERY: 20,
  BLOCK2: 23,
  BLOCK1: 27,
  SIZE2: 28,
  PROXY_URI: 35,
  PROXY_SCHEME: 39,
  SIZE1: 60,
  NO_RESPONSE: 258,
} as const;

export const isCritical = (option: number): boolean => (option & 1) === 1;

/** Observe option values in a GET (RFC 7641 §2): register, deregister. */
export const Observe = {
  REGISTER: 0,
  DEREGISTER: 1,
  /** Sequence numbers in notifications are 24 bits and wrap (RFC 7641 §4.4). */
  MAX_SEQUENCE: 0xffffff,
} as const;

/** Block size exponent: size = 2^(SZX+4). 6 (1024 bytes) is the largest over UDP; 7 is reserved for BERT (RFC 7959 §2.2, RFC 8323). */
export const MAX_BLOCK_SZX = 6;

/** Content-Format registry entries used here. */
export const ContentFormat = {
  TEXT_PLAIN: 0,
  JSON: 50,
  CBOR: 60,
  SENML_JSON: 110,
  SENML_CBOR: 112,
} as const;

/** Transmission parameters (RFC 7252 §4.8, §4.8.2). */
export const Timing = {
  ACK_TIMEOUT_MS: 2000,
  ACK_RANDOM_FACTOR: 1.5,
  MAX_RETRANSMIT: 4,
  /** How long a message ID may be reused by a peer and must be recognised as a duplicate. */
  EXCHANGE_LIFETIME_MS: 247_000,
  NON_LIFETIME_MS: 145_000,
} as const;

/** Largest message we send and the payload size that fits one datagram (RFC 7252 §4.6). */
export const MAX_MESSAGE_BYTES = 1152;
export const MAX_PAYLOAD_BYTES = 1024;
/** The longest token a message may carry (RFC 7252 §3: lengths 9–15 are reserved). */
export const MAX_TOKEN_BYTES = 8;

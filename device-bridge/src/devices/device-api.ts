/**
 * Who a device token is, asked of the API (`deviceConfig`, bridges only). The bridge never trusts a token it
 * has not asked about; the answer is cached briefly by DeviceDirectory.
 */
import { graphql, type ResultOf } from '../graphql.js';
import { postGraphql } from '../ingest/api-client.js';

/** What the bridge keeps of a controller, here and from the `deviceConfigChanged` feed. */
export const DEVICE_CONFIG_FIELDS = graphql(`
  fragment DeviceConfigFields on DeviceConfig {
    controllerId
    serial
    reportingIntervalS
    reportingPhaseS
    serverTime
  }
`);

/** The API's `DeviceConfig`; `serverTime` is the API's clock (RFC 3339) when it answered. */
export type DeviceConfig = ResultOf<typeof DEVICE_CONFIG_FIELDS>;

const DEVICE_CONFIG_QUERY = graphql(
  `
    query DeviceConfig($token: String!) {
      deviceConfig(token: $token) {
        ...DeviceConfigFields
      }
    }
  `,
  [DEVICE_CONFIG_FIELDS],
);

export interface DeviceApi {
  /** The controller's configuration, or null for an unknown or revoked token. Throws ApiUnreachable or StorageUnavailable. */
  deviceConfig(token: string): Promise<DeviceConfig | null>;
}

export interface DeviceApiOptions {
  timeoutMs?: number;
  /**
   * Called when the API's clock differs from this bridge's by more than a second (estimated from a quick
   * answer): /time answers with this bridge's clock and relative SenML times are resolved by it, while the API
   * judges "in the future" by its own.
   */
  onClockSkew?: (skewMs: number) => void;
}

/** Answers slower than this say too little about the clocks. */
const SKEW_MAX_ROUND_TRIP_MS = 500;
const SKEW_TOLERANCE_MS = 1000;

export function createDeviceApi(url: string, secret: string, options: DeviceApiOptions = {}): DeviceApi {
  return {
    async deviceConfig(token) {
      const sent = Date.now();
      const data = await postGraphql(url, secret, DEVICE_CONFIG_QUERY, { token }, options.timeoutMs ?? 5_000);
      const received = Date.now();
      const server = data.deviceConfig && Date.parse(data.deviceConfig.serverTime);
      if (server && received - sent <= SKEW_MAX_ROUND_TRIP_MS) {
        const skew = server - (sent + received) / 2;
        if (Math.abs(skew) > SKEW_TOLERANCE_MS) options.onClockSkew?.(skew);
      }
      return data.deviceConfig;
    },
  };
}

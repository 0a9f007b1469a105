/** The system under test in one process: a real API (SQLite or PostgreSQL) and a real CoAP bridge in front of it. */
import { startTestApi, BRIDGE_SECRET, type Engine, type TestApi } from '@askue/api/testing';
import { startBridge, type RunningBridge, loadConfig, createLogger } from '@askue/device-bridge/testing';

export interface System {
  api: TestApi;
  bridge: RunningBridge;
  coapPort: number;
  token: string;
  close(): Promise<void>;
}

export async function startSystem(engine: Engine = 'sqlite', env: Record<string, string> = {}): Promise<System> {
  const api = await startTestApi({ engine });
  const bridge = await startBridge(
    loadConfig({ COAP_HOST: '127.0.0.1', COAP_PORT: '0', HTTP_PORT: '0', API_URL: `${api.url}/graphql`, BRIDGE_SECRET, LOG_LEVEL: 'silent', ...env }),
    createLogger('silent'),
  );
  return {
    api,
    bridge,
    coapPort: bridge.address.port,
    token: api.api.demo!.controller.token,
    close: async () => {
      await bridge.close();
      await api.close();
    },
  };
}

export { BRIDGE_SECRET };

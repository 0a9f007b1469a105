/**
 * The bridge's deliberate testing entry (`@askue/device-bridge/testing`): a raw UDP peer, the CoAP codec and constants
 * that test clients speak with, the bridge itself to start in-process, and the protocol vocabulary. Nothing else of
 * src/ is importable from outside the package; add an export here on purpose when a test outside needs one.
 */
export { UdpPeer } from './udp-peer.js';
export * from '../src/coap/constants.js';
export * from '../src/coap/message.js';
export { startBridge, type RunningBridge, type BridgeOverrides } from '../src/bridge.js';
export { loadConfig, type BridgeConfig } from '../src/config.js';
export { createLogger, type Logger } from '../src/log.js';
export { VOCABULARY } from '../src/protocol/vocabulary.js';

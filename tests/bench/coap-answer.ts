/** What the load generators make of a datagram from the bridge, for the one request a modem has in flight. */
import { Code, MessageType, parseMessage, serializeMessage } from '@askue/device-bridge/testing';

/**
 * `'ignore'`: not about the request in flight (unparseable, another message id or token, or nothing in flight);
 * `'accepted'`: an empty ACK — the bridge has it and answers separately; otherwise the response code (`'2.04'`).
 * A separate response (CON) is acknowledged through `ack` whatever it answers, as RFC 7252 requires.
 */
export function answerOf(msg: Buffer, pending: { mid: number; token: Buffer } | null, ack: (reply: Buffer) => void): 'ignore' | 'accepted' | string {
  let m;
  try {
    m = parseMessage(msg);
  } catch {
    return 'ignore';
  }
  if (m.type === MessageType.CON) {
    ack(serializeMessage({ type: MessageType.ACK, code: Code.EMPTY, messageId: m.messageId }));
    if (!pending || !m.token.equals(pending.token)) return 'ignore';
  } else if (!pending || m.messageId !== pending.mid) {
    return 'ignore';
  } else if (m.code === Code.EMPTY) {
    return 'accepted';
  } else if (!m.token.equals(pending.token)) {
    return 'ignore';
  }
  return `${m.code >> 5}.${String(m.code & 31).padStart(2, '0')}`;
}

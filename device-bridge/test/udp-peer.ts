/** A raw UDP peer for tests: sends exactly the bytes we choose and collects every datagram that comes back. */
import { createSocket, type Socket } from 'node:dgram';
import { MessageType } from '../src/coap/constants.js';
import { parseMessage, serializeMessage, type CoapMessage, type CoapOption } from '../src/coap/message.js';

export class UdpPeer {
  readonly socket: Socket;
  readonly received: Buffer[] = [];
  private waiters: Array<() => void> = [];

  private constructor(private readonly port: number, private readonly host: string) {
    this.socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    this.socket.on('message', (m) => {
      this.received.push(m);
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    });
  }

  /** A socket talking to host:port; `from` is the local address it sends from (another client address). */
  static async open(port: number, host = '127.0.0.1', from = host): Promise<UdpPeer> {
    const peer = new UdpPeer(port, host);
    await new Promise<void>((r) => peer.socket.bind(0, from, () => r()));
    return peer;
  }

  sendRaw(buf: Buffer): void {
    this.socket.send(buf, this.port, this.host);
  }

  send(m: { type?: MessageType; code: number; messageId: number; token?: Buffer; options?: CoapOption[]; payload?: Buffer }): void {
    this.sendRaw(serializeMessage({ type: m.type ?? MessageType.CON, ...m }));
  }

  /** The next `count` datagrams (parsed), or fails after `timeoutMs`. */
  async next(count = 1, timeoutMs = 3000): Promise<CoapMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} datagram(s), got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
    return this.received.splice(0, count).map(parseMessage);
  }

  /** Asserts that nothing arrives for `ms`. */
  async silence(ms = 300): Promise<boolean> {
    await new Promise((r) => setTimeout(r, ms));
    return this.received.length === 0;
  }

  close(): void {
    this.socket.close();
  }
}

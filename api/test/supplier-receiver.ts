/**
 * A supplier's webhook receiver, started by the tests: a real HTTP server that answers as told (500 N times, hangs,
 * rejects with a reason, accepts, answers late) and records every request with its signature checked the way
 * api/docs/suppliers.md tells a supplier to: HMAC-SHA256 of "<t>.<body>" with the supplier's secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = { status: number; body?: unknown; delayMs?: number } | 'hang';

/** A webhook supplier's settings (SupplierInput) posting to `url`: an electricity энергосбыт, window 15th–25th, cut-off 12:00 Moscow. */
export const supplierInput = (url: string, extra: Record<string, unknown> = {}) => ({
  name: 'ПАО «Тест-Энергосбыт»',
  inn: '7707083893',
  resources: ['ELECTRICITY'],
  windowFirstDay: 15,
  windowLastDay: 25,
  cutoffTime: '12:00',
  timeZone: 'Europe/Moscow',
  accountPattern: '\\d{10}',
  accountExample: '1234567890',
  volumeDecimals: 3,
  channel: 'WEBHOOK',
  webhookUrl: url,
  ...extra,
});

export interface Received {
  idempotencyKey: string | undefined;
  signature: string | undefined;
  body: string;
  json: any;
}

export function signatureOk(secret: string, body: string, header: string | undefined): { ok: boolean; t: number } {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return { ok: false, t: 0 };
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return { ok: timingSafeEqual(expected, Buffer.from(m[2], 'hex')), t: Number(m[1]) };
}

export class SupplierReceiver {
  readonly received: Received[] = [];
  /** Answers used in order; the last one repeats. */
  answers: Answer[] = [{ status: 200, body: { status: 'accepted' } }];
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<SupplierReceiver> {
    let receiver!: SupplierReceiver;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
        const n = receiver.received.push({ idempotencyKey: req.headers['idempotency-key'] as string | undefined, signature: req.headers['x-askue-signature'] as string | undefined, body, json });
        const answer = receiver.answers[Math.min(n - 1, receiver.answers.length - 1)];
        if (answer === 'hang') return; // never answers (the socket closes when the server does)
        const send = () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
        if (answer.delayMs) setTimeout(send, answer.delayMs);
        else send();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    receiver = new SupplierReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/readings`);
    return receiver;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

/**
 * Integrator example 3: a webhook receiver for warnings (api/docs/integrators.md, "Webhooks"), with nothing but Node.
 *   WEBHOOK_SECRET=whsec_… PORT=8080 node --import @swc-node/register/esm-register examples/webhook-receiver.ts
 * Checks each message's X-Askue-Signature (HMAC-SHA256 of "<t>.<body>" with the webhook's secret, `t` within five
 * minutes), answers 401 to a bad one, takes each Idempotency-Key once (a retry of a message already handled is
 * answered 200 and not handled again), and prints one line per message. STOP_AFTER=n stops after n messages (CI).
 * Put it behind https (a reverse proxy) and register its address in the cabinet: Профиль → Вебхуки.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error('set WEBHOOK_SECRET to the webhook’s secret (whsec_…)');
const stopAfter = Number(process.env.STOP_AFTER ?? Infinity);
const TOLERANCE_S = 300;

/** Whether `header` signs `body` with our secret, made within the last five minutes. */
function signedByAskue(body: string, header: string | undefined): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  if (Math.abs(Date.now() / 1000 - Number(m[1])) > TOLERANCE_S) return false;
  const expected = createHmac('sha256', secret!).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

// Keep these in your database in production: a retry after a timeout may come when you did handle the message.
const handled = new Set<string>();
let count = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.method !== 'POST' || !signedByAskue(body, req.headers['x-askue-signature'] as string | undefined)) {
      console.error(`refused: ${req.method} ${req.url} without a valid signature`);
      return void res.writeHead(401).end();
    }
    const key = req.headers['idempotency-key'] as string;
    res.writeHead(200).end();
    if (handled.has(key)) return;
    handled.add(key);
    const message = JSON.parse(body) as { type: string; data: { alert?: { rule: string; severity: string; message: string; resolvedAt: string | null } } };
    const alert = message.data.alert;
    console.log(alert ? `${message.type} ${alert.rule} (${alert.severity}): ${alert.message}` : message.type);
    if (++count >= stopAfter) {
      server.close();
      server.closeAllConnections();
    }
  });
});

server.listen(Number(process.env.PORT ?? 8080), () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));

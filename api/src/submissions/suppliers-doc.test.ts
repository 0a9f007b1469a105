/**
 * The supplier's guide (api/docs/suppliers.md) is what a supplier's developer codes against: its examples must be
 * true. The signatures are checked with the algorithm the page describes (plain node:crypto) and with ours, and the
 * example body must have the shape the engine sends.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SubmissionEngine } from './engine.js';
import { sign, verify } from '../delivery/webhook-rules.js';

const doc = readFileSync(new URL('../../docs/suppliers.md', import.meta.url), 'utf8');
function example(name: string): string {
  const m = new RegExp(`<!-- example: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (!m) throw new Error(`no example ${name} in suppliers.md`);
  return m[1];
}
const line = (block: string, key: string) => new RegExp(`^${key}:\\s+(\\S+)$`, 'm').exec(block)![1];

describe('the supplier guide’s examples', () => {
  const secret = line(example('webhook-signature'), 'secret');

  it('signs the example body as the page says: HMAC-SHA256 of "<t>.<body>" with the secret', () => {
    const body = example('webhook-body');
    const header = line(example('webhook-signature'), 'X-Askue-Signature');
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    expect(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')).toBe(v1);
    expect(sign(secret, body, Number(t))).toBe(header);
    expect(verify(secret, body, header, Number(t) + 299)).toBe('ok');
    expect(verify(secret, body, header, Number(t) + 301)).toBe('stale');
    expect(verify(secret, body.replace('12345', '12346'), header, Number(t))).toBe('mismatch');
  });

  it('signs the example receipt the same way, and our receipt endpoint’s check accepts it', () => {
    const body = example('receipt-body');
    const header = line(example('receipt-signature'), 'X-Askue-Signature');
    const [, t] = /^t=(\d+),/.exec(header)!;
    expect(verify(secret, body, header, Number(t))).toBe('ok');
    expect(JSON.parse(body)).toMatchObject({ idempotencyKey: JSON.parse(example('webhook-body')).idempotencyKey, status: 'rejected' });
  });

  it('shows a body of exactly the shape the engine sends', () => {
    const engine = new SubmissionEngine({ publicUrl: () => 'https://askue.example.ru' } as never);
    const documented = JSON.parse(example('webhook-body'));
    const s = {
      idempotencyKey: documented.idempotencyKey,
      period: documented.period,
      supplier: documented.supplier,
      accountNumber: documented.accountNumber,
      meter: { serial: documented.meter.serial, kind: documented.meter.resource },
    };
    const sent = engine.body(s as never, documented.readings, new Date(documented.readingTime), false);
    expect(sent).toBe(example('webhook-body'));
  });
});

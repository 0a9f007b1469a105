/** The webhook channel: one signed POST of the stored body; the answer is parsed for the supplier's verdict. */
import { SIGNATURE_HEADER, sign } from '../delivery/webhook-rules.js';
import type { Submission } from './submission.entity.js';

export type Outcome =
  | { ok: true; verdict: 'accepted' | 'rejected' | null; reason?: string | null; message?: string | null }
  | { ok: false; error: string };

/** A 2xx body may carry `{"status":"accepted"}` or `{"status":"rejected","reason":"CODE","message":"…"}`. */
export function verdictOf(text: string): Omit<Extract<Outcome, { ok: true }>, 'ok'> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { verdict: null };
  }
  const b = body as { status?: unknown; reason?: unknown; message?: unknown };
  const str = (v: unknown, max: number) => (typeof v === 'string' && v ? v.slice(0, max) : null);
  if (b?.status === 'accepted') return { verdict: 'accepted', message: str(b.message, 1000) };
  if (b?.status === 'rejected') return { verdict: 'rejected', reason: str(b.reason, 64) ?? 'REJECTED', message: str(b.message, 1000) };
  return { verdict: null };
}

export async function sendWebhook(s: Submission, secret: string, timeoutMs: number, now: () => Date): Promise<Outcome> {
  const body = s.body!;
  let res: Response;
  try {
    res = await fetch(s.supplier.webhookUrl!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': s.idempotencyKey,
        [SIGNATURE_HEADER]: sign(secret, body, Math.floor(now().getTime() / 1000)),
        'user-agent': 'askue-submissions/1',
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: e.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : `not reachable: ${e.message}` };
  }
  let text = '';
  try {
    text = (await res.text()).slice(0, 10_000);
  } catch {
    // the status is what counts
  }
  if (res.status >= 200 && res.status < 300) return { ok: true, ...verdictOf(text) };
  return { ok: false, error: `answered ${res.status}` };
}

/**
 * A code sent by SMS, kept for this tab while it is valid: the phone it went to, the challenge its request answered
 * with (the code is refused without it) and when another may be asked for. A phone browser often discards a
 * background tab while the customer reads the SMS in another app; coming back reloads the page, which then opens
 * at the code again instead of asking for — and spending — a new one. sessionStorage: this tab only, gone with it.
 */
export interface PendingCode {
  phone: string;
  challenge: string;
  /** Digits in the code, when the request said (registration does). */
  codeLength?: number;
  /** Epoch ms: until when the code is valid (the API's `expiresIn`), and when a new one may be asked for. */
  expiresAt: number;
  resendAt: number;
}

const key = (flow: string) => `askue:code:${flow}`;

/** The deadlines of a code from the answer that sent it (seconds from now). */
export const deadlinesOf = (sent: { expiresIn: number; resendAfter: number }, now = Date.now()) => ({ expiresAt: now + sent.expiresIn * 1000, resendAt: now + sent.resendAfter * 1000 });

export function savePendingCode(flow: string, pending: PendingCode): void {
  try {
    sessionStorage.setItem(key(flow), JSON.stringify(pending));
  } catch {
    // Storage refused (private mode, quota): a reload then starts over, as it did before.
  }
}

/** The code still pending for `flow`, or null (none, expired, or not what this module wrote). */
export function pendingCode(flow: string, now = Date.now()): PendingCode | null {
  let p: Partial<PendingCode> | null;
  try {
    p = JSON.parse(sessionStorage.getItem(key(flow)) ?? 'null');
  } catch {
    p = null;
  }
  const valid =
    p !== null &&
    typeof p.phone === 'string' &&
    typeof p.challenge === 'string' &&
    (p.codeLength === undefined || typeof p.codeLength === 'number') &&
    typeof p.expiresAt === 'number' &&
    typeof p.resendAt === 'number' &&
    now < p.expiresAt;
  if (!valid) {
    clearPendingCode(flow);
    return null;
  }
  return p as PendingCode;
}

export function clearPendingCode(flow: string): void {
  try {
    sessionStorage.removeItem(key(flow));
  } catch {
    // Nothing kept, nothing to clear.
  }
}

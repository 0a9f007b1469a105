/** The development outbox: what the server caught instead of sending SMS and email (absent in production). */
import { t } from '$lib/i18n';
import { ApiError } from './errors.js';

/** One message the development outbox caught instead of an SMS gateway or a mail server. */
export interface OutboxEntry {
  channel: 'sms' | 'email';
  to: string;
  subject?: string;
  text: string;
  /** RFC 3339. */
  at: string;
}

/**
 * The development outbox, newest first; null where it does not exist (production). Asked for as JSON: for
 * an HTML request the server would answer any unknown path with the cabinet's page.
 */
export async function fetchOutbox(): Promise<OutboxEntry[] | null> {
  let response: Response;
  try {
    response = await fetch('/dev/outbox.json', { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(t.errors.network, 'NETWORK');
  }
  if (response.status === 404) return null;
  if (!response.ok || !response.headers.get('content-type')?.includes('json')) return null;
  return (await response.json()) as OutboxEntry[];
}

/** The operator's contacts, asked for once per visit (they change with a deployment, not while a page is open). */
import { fetchContacts } from '$lib/api/support';
import type { Contacts } from '$lib/api/documents';

let loading: Promise<Contacts> | null = null;

export function contactsOnce(): Promise<Contacts> {
  loading ??= fetchContacts().catch((error: unknown) => {
    // Offline or the server away: the next caller asks again.
    loading = null;
    throw error;
  });
  return loading;
}

/** tel: wants digits and the plus only. */
export const telHref = (number: string) => `tel:${number.replace(/[^\d+]/g, '')}`;

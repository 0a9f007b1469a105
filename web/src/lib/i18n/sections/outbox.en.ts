/** outboxRu in English (its own module: the Russian majority's first load does not carry it). */
import type { outboxRu } from './outbox';

export const outboxEn: typeof outboxRu = {
  title: 'Outgoing messages',
  lead: 'Development only: the text messages and emails the server would have sent if an SMS gateway and a mail server were configured.',
  unavailable: 'Not available in production',
  unavailableText: 'In production, messages go to their real recipients and are not shown here.',
  empty: 'No messages yet.',
  refresh: 'Refresh',
  sms: 'SMS',
  email: 'Email',
  to: (to: string) => `To: ${to}`,
  code: 'Code',
};

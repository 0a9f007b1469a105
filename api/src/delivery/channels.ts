/**
 * Outgoing messages: email through SMTP (nodemailer), SMS through a gateway (a JSON POST {phone, text}),
 * or, in development without either configured, the outbox file.
 */
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { Outbox } from './outbox.js';

export interface Email {
  to: string;
  subject: string;
  text: string;
}

export interface Channels {
  email(message: Email): Promise<void>;
  sms(phone: string, text: string): Promise<void>;
  outbox: Outbox | null;
  close(): void;
}

export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

export function createChannels(config: Config, log: Logger): Channels {
  const outbox = config.outbox ? new Outbox(config.dataDir) : null;
  // Loaded on the first email (startup does not pay for nodemailer). No logger: messages may carry one-time
  // links (and, on request, a password).
  let transport: Promise<Transporter> | null = null;
  const smtpUrl = config.mail.smtpUrl;
  const smtp = () => (transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl!, { logger: false, debug: false })));
  const from = () => config.mail.from ?? `"${config.operatorName.RU}" <no-reply@${new URL(config.publicUrl ?? 'http://localhost').hostname}>`;

  return {
    outbox,
    async email(message) {
      if (smtpUrl) {
        try {
          await (await smtp()).sendMail({ from: from(), to: message.to, subject: message.subject, text: message.text });
        } catch (err) {
          log.error({ err: { message: (err as Error).message }, to: message.to }, 'email not sent');
          throw new DeliveryError('email not sent');
        }
        return;
      }
      if (!outbox) throw new DeliveryError('no SMTP server configured');
      await outbox.append({ channel: 'email', ...message });
    },
    async sms(phone, text) {
      if (config.sms.gatewayUrl) {
        let res: Response;
        try {
          res = await fetch(config.sms.gatewayUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ phone, text }),
            signal: AbortSignal.timeout(10_000),
          });
        } catch (err) {
          log.error({ err: { message: (err as Error).message }, phone }, 'SMS gateway not reachable');
          throw new DeliveryError('SMS gateway not reachable');
        }
        if (!res.ok) {
          log.error({ status: res.status, phone }, 'SMS gateway refused the message');
          throw new DeliveryError(`SMS gateway answered ${res.status}`);
        }
        return;
      }
      if (!outbox) throw new DeliveryError('no SMS gateway configured');
      await outbox.append({ channel: 'sms', to: phone, text });
    },
    close() {
      void transport?.then((t) => t.close(), () => {});
    },
  };
}

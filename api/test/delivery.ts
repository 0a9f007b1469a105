/**
 * Stand-ins for what lies outside the system, started by the tests: a real SMTP server (smtp-server) that keeps
 * what it receives, and a local HTTP receiver in the place of the SMS gateway.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  to: string;
  subject: string;
  text: string;
}

export interface ReceivedSms {
  phone: string;
  text: string;
}

/** Waits until `find` returns something, or fails naming what it waited for. */
async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export class Mailbox {
  readonly messages: ReceivedEmail[] = [];
  private constructor(private readonly server: SMTPServer, readonly url: string) {}

  static async start(): Promise<Mailbox> {
    let box!: Mailbox;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            for (const rcpt of session.envelope.rcptTo) box.messages.push({ to: rcpt.address, subject: mail.subject ?? '', text: mail.text ?? '' });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.server.address() as AddressInfo).port;
    box = new Mailbox(server, `smtp://127.0.0.1:${port}`);
    return box;
  }

  /** The newest message to `to` whose subject matches, once it has arrived. */
  waitFor(to: string, subject: RegExp = /./): Promise<ReceivedEmail> {
    return waitFor(() => [...this.messages].reverse().find((m) => m.to === to && subject.test(m.subject)), `an email to ${to} (${subject})`);
  }

  /** The first link in the newest matching message. */
  async link(to: string, subject: RegExp): Promise<URL> {
    const m = await this.waitFor(to, subject);
    const href = /https?:\/\/\S+/.exec(m.text)?.[0];
    if (!href) throw new Error(`no link in: ${m.text}`);
    return new URL(href);
  }

  to(address: string): ReceivedEmail[] {
    return this.messages.filter((m) => m.to === address);
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

export class SmsGateway {
  readonly messages: ReceivedSms[] = [];
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<SmsGateway> {
    let gw!: SmsGateway;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        gw.messages.push(JSON.parse(body) as ReceivedSms);
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    gw = new SmsGateway(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`);
    return gw;
  }

  /** The code in the newest SMS to `phone`, once it has arrived (ignoring the `skip` newest ones already used). */
  code(phone: string, after = 0): Promise<string> {
    return waitFor(() => {
      const mine = this.messages.filter((m) => m.phone === phone);
      if (mine.length <= after) return undefined;
      return /\b(\d{6})\b/.exec(mine[mine.length - 1].text)?.[1];
    }, `an SMS code to ${phone}`);
  }

  count(phone: string): number {
    return this.messages.filter((m) => m.phone === phone).length;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

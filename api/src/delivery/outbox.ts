import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One message the development outbox received instead of an SMS gateway or an SMTP server. */
export interface OutboxEntry {
  channel: 'sms' | 'email';
  to: string;
  subject?: string;
  text: string;
  at: string;
}

/**
 * The development outbox: with no SMTP server or SMS gateway configured (never in production), outgoing
 * messages are appended to DATA_DIR/outbox.jsonl and shown at /dev/outbox, so that a newcomer can register
 * on a laptop. It holds what the messages hold (codes, links, a password sent on request): development only.
 */
export class Outbox {
  readonly file: string;
  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'outbox.jsonl');
  }

  async append(entry: Omit<OutboxEntry, 'at'>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, JSON.stringify({ ...entry, at: new Date().toISOString() }) + '\n');
  }

  /** The newest entries first. */
  async read(limit = 200): Promise<OutboxEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as OutboxEntry)
      .reverse()
      .slice(0, limit);
  }
}

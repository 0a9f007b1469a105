/**
 * Customers made directly in the database before the product starts, for benchmarks that need many of them:
 * each has a controller with one electricity meter bound to them (since two days back, so that readings of the
 * last day are theirs) and signed-in sessions whose bearer tokens are returned — what a sign-in would give,
 * without paying for thousands of password hashes.
 */
import { randomBytes } from 'node:crypto';
import { Account, Session, openDatabase, type Database, Binding, MeterKind, ProvisioningService, hashSecret } from '@askue/api/testing';

export interface Customer {
  accountId: number;
  /** The device token of the customer's controller. */
  deviceToken: string;
  meter: { id: number; serial: string };
  /** Bearer tokens of the customer's sessions. */
  sessions: string[];
}

/**
 * `count` customers; customer i gets `sessionsOf(i)` sessions. Phones are +7950 followed by seven digits, so
 * `prefix` (letters) keeps serials apart and `phoneBase` phones.
 */
export async function provisionCustomers(db: Database, count: number, sessionsOf: (i: number) => number, prefix = 'CU', phoneBase = 0): Promise<Customer[]> {
  const orm = await openDatabase(db);
  const out: Customer[] = [];
  try {
    const CHUNK = 200;
    for (let from = 0; from < count; from += CHUNK) {
      const em = orm.em.fork();
      const n = Math.min(CHUNK, count - from);
      const provisioned = await new ProvisioningService(em).provisionAll(
        Array.from({ length: n }, (_, k) => {
          const serial = `${prefix}-${String(from + k).padStart(6, '0')}`;
          return { serial: `C${serial}`, meters: [{ serial, kind: MeterKind.ELECTRICITY }] };
        }),
      );
      const boundAt = new Date(Date.now() - 2 * 86_400_000);
      const expiresAt = new Date(Date.now() + 7 * 86_400_000);
      const batch: Array<{ account: Account; sessions: string[]; p: (typeof provisioned)[number] }> = [];
      provisioned.forEach((p, k) => {
        const i = from + k;
        const account = new Account(`+7950${String(phoneBase + i).padStart(7, '0')}`);
        em.persist(account);
        em.persist(new Binding(account, { controller: p.controller }, boundAt));
        const sessions: string[] = [];
        for (let s = 0; s < sessionsOf(i); s++) {
          const token = randomBytes(32).toString('base64url');
          const session = new Session(account, hashSecret(token));
          session.expiresAt = expiresAt;
          em.persist(session);
          sessions.push(token);
        }
        batch.push({ account, sessions, p });
      });
      await em.flush();
      for (const { account, sessions, p } of batch) {
        out.push({ accountId: account.id, deviceToken: p.token, meter: { id: p.meters[0].id, serial: p.meters[0].serial }, sessions });
      }
    }
    return out;
  } finally {
    await orm.close();
  }
}

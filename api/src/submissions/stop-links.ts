/**
 * Stopping supplier links: nothing more is made for them, and what is made but not yet sent is not sent (FAILED,
 * reason UNLINKED; one being sent this very moment, locked by a worker, finishes). A link stops when its customer
 * unlinks it, when the meter stops being theirs (unbound on moving out) and when they delete their account: a
 * meter's readings go out under a лицевой счёт only while the account that gave it has the meter.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { Binding } from '../devices/binding.entity.js';
import type { SupplierLink } from '../suppliers/supplier-link.entity.js';
import { SUBMISSION_REASONS } from './reasons.js';
import { Submission, SubmissionStatus } from './submission.entity.js';

export async function stopLinks(em: EntityManager, links: SupplierLink[], now: Date): Promise<void> {
  for (const link of links) {
    link.unlink(now);
    await em.nativeUpdate(
      Submission,
      { meter: link.meter, supplier: link.supplier, accountNumber: link.accountNumber, status: { $in: [SubmissionStatus.SCHEDULED, SubmissionStatus.AWAITING_VALUES] }, lockedBy: null },
      { status: SubmissionStatus.FAILED, reason: SUBMISSION_REASONS.UNLINKED, updatedAt: now },
    );
  }
  await em.flush();
}

/**
 * The links (loaded with their meters) whose account no longer has the meter: neither it nor its controller is
 * bound to that account now. One query for them all.
 */
export async function linksWithoutMeter(em: EntityManager, links: SupplierLink[]): Promise<SupplierLink[]> {
  if (!links.length) return [];
  const meterIds = [...new Set(links.map((l) => l.meter.id))];
  const controllerIds = [...new Set(links.flatMap((l) => (l.meter.controller ? [l.meter.controller.id] : [])))];
  const current = await em.find(Binding, { unboundAt: null, $or: [{ meter: { $in: meterIds } }, ...(controllerIds.length ? [{ controller: { $in: controllerIds } }] : [])] });
  const has = new Set(current.map((b) => (b.meter ? `${b.account.id} m${b.meter.id}` : `${b.account.id} c${b.controller!.id}`)));
  return links.filter((l) => !has.has(`${l.account.id} m${l.meter.id}`) && !(l.meter.controller && has.has(`${l.account.id} c${l.meter.controller.id}`)));
}

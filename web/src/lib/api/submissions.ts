/**
 * Submission of readings to suppliers: a meter's «Передача показаний» (link an account, «Передать сейчас»,
 * values entered by hand, the history and its live status changes) and the operators' suppliers and submissions.
 */
import type { MeterKind } from './graphql.js';
import { mutate, query, subscribe, type LiveListeners } from './connection.js';
import { ApiError } from './errors.js';
import {
  CREATE_SUPPLIER_MUTATION,
  FEEDBACK_MESSAGES_QUERY,
  ROTATE_SUPPLIER_SECRET_MUTATION,
  ENTER_SUBMISSION_VALUES_MUTATION,
  LINK_SUPPLIER_ACCOUNT_MUTATION,
  METER_SUBMISSIONS_QUERY,
  OPERATOR_SUPPLIER_QUERY,
  OPERATOR_SUPPLIERS_QUERY,
  RESEND_SUBMISSION_MUTATION,
  SUBMISSION_UPDATED_SUBSCRIPTION,
  SUBMIT_READINGS_NOW_MUTATION,
  SUPPLIER_CHANGES_QUERY,
  SUPPLIER_SUBMISSIONS_QUERY,
  UNLINK_SUPPLIER_ACCOUNT_MUTATION,
  UPDATE_SUPPLIER_MUTATION,
  type FeedbackMessage,
  type OperatorSupplier,
  type RegisterValue,
  type Submission,
  type Supplier,
  type SupplierChange,
  type SupplierInput,
  type SupplierLink,
} from './submissions.documents.js';

export type { FeedbackMessage, OperatorSupplier, RegisterValue, Submission, Supplier, SupplierChange, SupplierInput, SupplierLink };
export type SubmissionStatus = Submission['status'];

export interface MeterSubmissions {
  links: SupplierLink[];
  /** Only the suppliers billing this meter's resource: the ones it may be linked to. */
  suppliers: Supplier[];
}

/** A meter's supplier accounts with their recent history; null when the meter is not the viewer's (or signed out). */
export async function fetchMeterSubmissions(meterId: string, kind: MeterKind): Promise<MeterSubmissions | null> {
  const data = await query(METER_SUBMISSIONS_QUERY, { meterId, resource: kind });
  const meter = data.viewer?.meter;
  return meter ? { links: meter.supplierLinks, suppliers: data.suppliers } : null;
}

/** Links the meter under a лицевой счёт (the API checks it against the supplier's format); submissions start. */
export async function linkSupplierAccount(meterId: string, supplierId: string, accountNumber: string, agree: boolean): Promise<SupplierLink> {
  return (await mutate(LINK_SUPPLIER_ACCOUNT_MUTATION, { meterId, supplierId, accountNumber, agree })).linkSupplierAccount;
}

/** Stops the submissions of a link; its history stays. */
export async function unlinkSupplierAccount(linkId: string): Promise<boolean> {
  return (await mutate(UNLINK_SUPPLIER_ACCOUNT_MUTATION, { linkId })).unlinkSupplierAccount;
}

/** «Передать сейчас»: this period's submission with the latest readings, inside the supplier's window. */
export async function submitReadingsNow(linkId: string): Promise<Submission> {
  return (await mutate(SUBMIT_READINGS_NOW_MUTATION, { linkId })).submitReadingsNow;
}

/** Values read off the meter by the customer (when its last reading is too old); marked as theirs. */
export async function enterSubmissionValues(linkId: string, values: RegisterValue[]): Promise<Submission> {
  return (await mutate(ENTER_SUBMISSION_VALUES_MUTATION, { linkId, values })).enterSubmissionValues;
}

export interface SubmissionWatcher extends LiveListeners {
  submission(submission: Submission): void;
  /** The subscription ended for good (UNAUTHENTICATED, FORBIDDEN…). */
  failed(error: ApiError): void;
}

/** Status changes of the viewer's submissions (of one meter when `meterId` is given); returns the function that stops them. */
export function watchSubmissions(meterId: string | null, watcher: SubmissionWatcher): () => void {
  return subscribe(SUBMISSION_UPDATED_SUBSCRIPTION, { meterId }, (data) => watcher.submission(data.submissionUpdated), watcher.failed, watcher);
}

/** Operators: every supplier with its channel settings. */
export async function fetchSuppliers(): Promise<OperatorSupplier[]> {
  return (await query(OPERATOR_SUPPLIERS_QUERY, {})).suppliers;
}

/** Adds a supplier; a webhook one comes with its signing secret (`webhookSecret`), to pass on to the supplier. */
export async function createSupplier(input: SupplierInput): Promise<OperatorSupplier & { webhookSecret?: string | null }> {
  return (await mutate(CREATE_SUPPLIER_MUTATION, { input })).createSupplier;
}

/** Changes a supplier read at `version` (refused with SUPPLIER_CHANGED when it has changed since); submissions already made keep exactly what they sent. */
export async function updateSupplier(id: string, input: SupplierInput, version: number): Promise<OperatorSupplier> {
  return (await mutate(UPDATE_SUPPLIER_MUTATION, { id, input, version })).updateSupplier;
}

/** Operators: one supplier; null when there is none. */
export async function fetchSupplier(id: string): Promise<OperatorSupplier | null> {
  try {
    return (await query(OPERATOR_SUPPLIER_QUERY, { id })).supplier;
  } catch (error) {
    if (error instanceof ApiError && error.reason === 'SUPPLIER_NOT_FOUND') return null;
    throw error;
  }
}

/** Operators: who changed a supplier, what and when, newest first (`first` at most 100); `before` an entry's id: older ones. */
export async function fetchSupplierChanges(supplierId: string, first = 50, before: string | null = null): Promise<SupplierChange[]> {
  return (await query(SUPPLIER_CHANGES_QUERY, { id: supplierId, first, before })).supplier.changes;
}

/** Operators: a supplier's submissions, newest first, narrowed to a period (YYYY-MM) and a status. */
export async function fetchSupplierSubmissions(
  supplierId: string,
  { period = null, status = null, first = 50, after = null }: { period?: string | null; status?: SubmissionStatus | null; first?: number; after?: string | null } = {},
) {
  return (await query(SUPPLIER_SUBMISSIONS_QUERY, { supplierId, period, status, first, after })).supplierSubmissions;
}

/** Operators: sends a submission again (the same body and Idempotency-Key) while the window is open. */
export async function resendSubmission(id: string): Promise<Submission> {
  return (await mutate(RESEND_SUBMISSION_MUTATION, { id })).resendSubmission;
}

/** Operators: a new signing secret for a webhook supplier; returned once, the old one stops working. */
export async function rotateSupplierSecret(id: string): Promise<{ secret: string; version: number }> {
  const rotated = (await mutate(ROTATE_SUPPLIER_SECRET_MUTATION, { id })).rotateSupplierSecret;
  return { secret: rotated.webhookSecret ?? '', version: rotated.version };
}

/** Operators: the feedback form's messages, newest first; `after` (the last one's id) gives the older ones. */
export async function fetchFeedbackMessages(first = 50, after: string | null = null): Promise<FeedbackMessage[]> {
  return (await query(FEEDBACK_MESSAGES_QUERY, { first, after })).feedbackMessages;
}

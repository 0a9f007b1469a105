/** submissionsRu in English (its own module: the Russian majority's first load does not carry it). */
import type { submissionsRu } from './submissions';
import { SUBMISSION_REASON_WORDS } from '@askue/api/submission-reasons';

export const submissionsEn: typeof submissionsRu = {
  title: 'Submitting readings',
  lead: 'Readings go to the supplier by themselves, once a month, inside its submission window. Every submission has a receipt in the history below.',
  loading: 'Loading suppliers…',
  empty: 'No supplier accounts yet. Link a supplier and this meter’s readings will go to it by themselves.',
  noSuppliers: 'No supplier takes readings of this resource through Kometa yet.',

  link: {
    title: 'Link a supplier',
    supplier: 'Supplier',
    chooseSupplier: 'Choose a supplier',
    account: 'Account number',
    accountHint: (example) => `As on the supplier’s bill, e.g. ${example}`,
    accountRequired: 'Enter the account number',
    accountFormat: (example) => `This does not look like an account number of this supplier. Example: ${example}`,
    supplierRequired: 'Choose a supplier',
    agree: 'I agree that Kometa sends this meter’s readings to the chosen supplier',
    agreeRequired: 'Tick the consent to send readings',
    submit: 'Link',
    linked: (supplier) => `Linked: readings will go to ${supplier} by themselves`,
    window: (first, last, cutoff, zone) => `Submission window: day ${first} to ${last} of the month, until ${cutoff} (${zone})`,
  },

  account: {
    label: (supplier, account) => `${supplier}, account ${account}`,
    accountNumber: 'Account number',
    next: 'Next submission',
    nextAt: (when, zone) => `${when} (${zone})`,
    windowOpen: 'The submission window is open',
    windowClosed: 'The submission window is closed',
    submitNow: 'Submit now',
    submitNowHint: 'We send the meter’s latest readings for this month right now.',
    submitNowClosed: 'You can submit now while the submission window is open.',
    alreadySent: (period, status) => `The readings for ${period} are already submitted: ${status}.`,
    submitted: 'Readings sent — the status updates here by itself',
    needValues: 'The meter has no fresh readings — enter them by hand below',
    unlink: 'Unlink',
    unlinkTitle: (supplier) => `Unlink ${supplier}?`,
    unlinkText: 'Readings stop going to this supplier. The submission history is kept.',
    unlinkConfirm: 'Yes, unlink',
    cancel: 'Cancel',
    unlinked: 'The supplier is unlinked. The submission history is kept.',
  },

  manual: {
    title: 'Enter the readings by hand',
    lead: (closes) =>
      `The meter has not reported for a while, and we never send stale or estimated values. Copy the readings from the meter’s display before ${closes} — we send them marked “entered by the customer”.`,
    register: (register, unit) => (register ? `Zone ${register}, ${unit}` : `Reading, ${unit}`),
    required: 'Enter the reading',
    invalid: (decimals) => (decimals ? `A number with at most ${decimals} decimals` : 'A whole number'),
    submit: 'Send the readings',
  },

  history: {
    title: 'Submission history',
    empty: 'Nothing has been submitted yet.',
    period: 'Period',
    values: 'Readings',
    readAt: 'Taken',
    sentAt: 'Sent',
    how: 'How',
    status: 'Status',
    byHand: 'entered by the customer',
    notYet: '—',
    attempts: (n) => `attempts: ${n}`,
    nextAttempt: (when) => `next attempt ${when}`,
    reason: (text) => `Reason: ${text}`,
    total: (shown, total) => `The latest ${shown} of ${total}`,
  },

  channel: { WEBHOOK: 'through the supplier’s API', EMAIL: 'by email' },

  status: {
    SCHEDULED: 'scheduled',
    SENDING: 'sending',
    DELIVERED: 'delivered, awaiting the supplier’s answer',
    ACCEPTED: 'accepted by the supplier',
    REJECTED: 'rejected by the supplier',
    FAILED: 'not submitted',
    AWAITING_VALUES: 'waiting for your readings',
  },

  failedHelp: 'The submission window has closed. Give the readings to the supplier yourself (by phone or in its cabinet), or you will be billed by the average.',
  reasons: SUBMISSION_REASON_WORDS.EN,
  live: 'Statuses update by themselves',
  units: { kWh: 'kWh', m3: 'm³' },
};

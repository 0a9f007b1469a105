/**
 * Why a submission failed, when the cause is ours rather than the supplier's (a supplier's rejection carries its own
 * code and words). Sent as `Submission.reason`; the cabinet imports this list (`@askue/api/submission-reasons`) and a
 * test holds both of its catalogues to it. Nothing here may import anything: the cabinet bundles it.
 */
export const SUBMISSION_REASONS = {
  /** The supplier's window closed before the submission got through. */
  WINDOW_CLOSED: 'WINDOW_CLOSED',
  /** The window closed while we waited for readings: the meter had none fresh at the cut-off and none were typed. */
  NO_FRESH_READINGS: 'NO_FRESH_READINGS',
  /** The link stopped before it was sent: unlinked, the meter unbound, or the account deleted. */
  UNLINKED: 'UNLINKED',
} as const;

export type SubmissionReason = keyof typeof SUBMISSION_REASONS;

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

/**
 * Those reasons in words, Russian and English: what the cabinet's submission history and warnings say and what the
 * warning emails say (a supplier's own rejection is said in its words, as it came).
 */
export const SUBMISSION_REASON_WORDS: Record<'RU' | 'EN', Record<SubmissionReason, string>> = {
  RU: {
    WINDOW_CLOSED: 'окно приёма закрылось',
    NO_FRESH_READINGS: 'к дате передачи не было свежих показаний счётчика, а вручную их не ввели',
    UNLINKED: 'передача остановлена: поставщик отключён, прибор отвязан или кабинет удалён',
  },
  EN: {
    WINDOW_CLOSED: 'the submission window closed',
    NO_FRESH_READINGS: 'the meter had no fresh readings at the submission date and none were entered by hand',
    UNLINKED: 'stopped: the supplier was unlinked, the device removed or the account deleted',
  },
};

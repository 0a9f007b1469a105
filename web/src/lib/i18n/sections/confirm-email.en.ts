/** confirmEmailRu in English (its own module: the Russian majority's first load does not carry it). */
import type { confirmEmailRu } from './confirm-email';

export const confirmEmailEn: typeof confirmEmailRu = {
  title: 'Email confirmation',
  confirming: 'Confirming your address…',
  done: 'Address confirmed',
  doneText: (email: string | null) =>
    email ? `${email} is confirmed: notices and password reset links will be sent to it.` : 'Your email address is confirmed.',
  failed: 'The address could not be confirmed',
  noToken: 'The link has no confirmation code. Open the whole link from the email, or request a new email in your profile.',
  nextStep: 'You can request a new email in your profile: “Send the email again”.',
  toProfile: 'Go to profile',
  toCabinet: 'Go to my account',
};

/** recoveryRu in English (its own module: the Russian majority's first load does not carry it). */
import type { recoveryRu } from './recovery';

const unbroken = (text: string) => text.replace(/ /g, '\u00a0');

export const recoveryEn: typeof recoveryRu = {
  title: 'Reset password',
  lead: 'Enter the phone number or email address of your account.',
  login: 'Phone number or email',
  loginRequired: 'Enter a phone number or an email address',
  submit: 'Send',
  codeTitle: 'Enter the code from the text message',
  codeText: (phone: string) => `If ${unbroken(phone)} belongs to an account, a sign-in code has been sent to it. The code is valid for 10 minutes.`,
  signIn: 'Sign in',
  emailTitle: 'Check your email',
  emailText: (email: string) =>
    `If ${email} belongs to an account and is confirmed, an email with a link to set a new password has been sent to it. The link is valid for 1 hour. If there is no email, check the spam folder.`,
  other: 'Use another number or address',
  toLogin: 'Back to sign-in',
  newTitle: 'New password',
  newLead: 'Choose a new password. Once it is saved, your other sessions will be ended.',
  save: 'Save and sign in',
  resetTitle: 'New password',
  resetLead: 'Choose a new password for your account.',
  resetNoToken: 'The link has no reset code. Open the whole link from the email, or request a reset again.',
  again: 'Request a reset again',
};

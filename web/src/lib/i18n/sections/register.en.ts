/** registerRu in English (its own module: the Russian majority's first load does not carry it). */
import type { registerRu } from './register';

export const registerEn: typeof registerRu = {
  title: 'Create an account',
  lead: 'Your login will be your mobile number.',
  step: (n: number, of: number) => `Step ${n} of ${of}`,
  phoneStep: 'Phone number',
  phoneHint: 'A text message with a code will be sent to this number.',
  sendCode: 'Send',
  codeStep: 'Code from the text message',
  confirmCode: 'Continue',
  changePhone: 'Change the number',
  phoneConfirmed: (phone: string) => `Number ${phone} confirmed`,
  detailsStep: 'Password and contact details',
  fullName: 'Full name',
  fullNameRequired: 'Enter your full name',
  email: 'Email',
  emailHint: 'We will send a confirmation link, valid for 24 hours.',
  address: 'Address',
  addressHint: 'Where the meters are installed. You can add it later in your profile.',
  sendPassword: 'Email me the password',
  sendPasswordHint:
    'We will email your login and password. The password will be in the email in plain text: keep the email somewhere safe, or delete it once you remember the password.',
  submit: 'Continue',
  startOver: 'Start over',
  existsTitle: 'This number is already registered',
  existsText: (phone: string) => `An account already uses ${phone}. Sign in to it, or reset the password if you do not remember it.`,
  signIn: 'Sign in',
  recovery: 'Reset password',
  haveAccount: 'Already have an account?',
};

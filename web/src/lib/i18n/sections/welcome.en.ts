/** welcomeRu in English (its own module: the Russian majority's first load does not carry it). */
import type { welcomeRu } from './welcome';

export const welcomeEn: typeof welcomeRu = {
  title: 'Welcome',
  heading: (name: string | null) => (name ? `Welcome, ${name}!` : 'Welcome!'),
  registered: 'Your account has been created.',
  emailSent: (email: string) => `A confirmation link has been sent to ${email}. It is valid for 24 hours; if the email is not in your inbox, check the spam folder.`,
  bindTitle: 'Add your meters and controllers',
  bindText:
    'To see readings, add the water and electricity meters installed at your place, and the controllers that read them. You can do it now or later.',
  bindNow: 'Add now',
  later: 'Later',
  helpBefore: 'To start, have a look at ',
  helpLink: 'Help',
  helpAfter: ': a short guide to your account.',
};

/** frameRu in English (its own module: the Russian majority's first load does not carry it). */
import type { frameRu } from './frame';

export const frameEn: typeof frameRu = {
  header: {
    signIn: 'Sign in',
    cabinet: 'My account',
    consultation: 'Call me back',
    switchLanguage: 'Русский',
    switchLanguageShort: 'RU',
    switchLanguageLabel: 'Переключить на русский язык',
    switchLanguageLang: 'ru',
    home: 'Cometa — home page',
  },

  footer: {
    label: 'Contacts and site sections',
    contactsTitle: 'Contacts',
    supportLine: 'Technical support',
    email: 'Email',
    hours: 'Hours',
    address: 'Address',
    contactsLoading: 'Loading contacts…',
    contactsFailed: 'The contacts could not be loaded.',
    sectionsTitle: 'Sections',
    home: 'Home',
    help: 'Help',
    consultation: 'Call me back',
    feedback: 'Feedback',
    support: 'Message support',
    about: 'Cometa makes, installs and services automated metering systems for electricity and water.',
    copyright: (year: number) => `© ${year} Cometa`,
  },
};

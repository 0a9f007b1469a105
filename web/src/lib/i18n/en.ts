/**
 * Every word the cabinet shows, in English: the same shape as the Russian catalogue (`Messages`), so the
 * compiler names any key missing here. Sections added in their own files (./sections) bring both languages.
 * Also: the English for the API's error reasons (`reasonsEn`) and, for unknown reasons, its fields and codes (`apiErrorsEn`).
 */
import type { CoreMessages } from './ru';
import { helpEn } from './sections/help.en';
import { frameEn } from './sections/frame.en';
import { pwaEn } from './sections/pwa.en';
import { supportEn } from './sections/support.en';
import { metersEn } from './sections/meters.en';
import { readingsEn } from './sections/readings.en';
import { costsEn } from './sections/costs.en';
import { alertsEn } from './sections/alerts.en';

const seconds = (n: number) => `${n} ${n === 1 ? 'second' : 'seconds'}`;
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');
const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const en: CoreMessages = {
  app: {
    locale: 'en-GB',
    operator: 'Cometa',
    section: 'My account',
    titleSuffix: ' · Cometa',
    skipToContent: 'Skip to content',
  },

  nav: {
    label: 'Account sections',
    meters: 'My meters',
    profile: 'Profile',
    help: 'Help',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signOutFailed: (message: string) => `Could not sign out: ${message}`,
    operator: {
      console: 'Devices',
      threads: 'Requests',
      callbacks: 'Calls',
      alerts: 'Warnings',
      suppliers: 'Suppliers',
      feedback: 'Feedback',
    },
  },

  common: {
    show: 'Show',
    hide: 'Hide',
    retry: 'Try again',
    save: 'Save',
    cancel: 'Cancel',
    send: 'Send',
    continue: 'Continue',
    loading: 'Loading…',
    optional: 'optional',
    waitSeconds: (s: number) => `You can try again in ${clock(s)}`,
  },

  errors: {
    network: 'No connection to the server. Check your internet connection and try again.',
    generic: 'The request failed. Please try again later.',
    emptyAnswer: 'The server sent an empty answer',
    sessionEnded: 'Your session has ended. Please sign in again.',
  },

  format: {
    meterKinds: {
      ELECTRICITY: 'Electricity',
      COLD_WATER: 'Cold water',
      HOT_WATER: 'Hot water',
    },
    unknownMeterKind: 'Meter',
    singleTariff: 'single tariff',
    tariffs: (n: number) => count(n, 'tariff', 'tariffs'),
    phases: (n: number) => count(n, 'phase', 'phases'),
    quantities: {
      ENERGY: 'Energy (total)',
      ENERGY_T1: 'Energy T1 (day)',
      ENERGY_T2: 'Energy T2 (night)',
      ENERGY_T3: 'Energy T3',
      ENERGY_EXPORT: 'Energy (exported)',
      POWER: 'Power',
      VOLTAGE_L1: 'Voltage L1',
      VOLTAGE_L2: 'Voltage L2',
      VOLTAGE_L3: 'Voltage L3',
      CURRENT_L1: 'Current L1',
      CURRENT_L2: 'Current L2',
      CURRENT_L3: 'Current L3',
      FREQUENCY: 'Frequency',
      POWER_FACTOR: 'Power factor',
      VOLUME: 'Volume',
      TEMPERATURE: 'Temperature',
      RSSI: 'Signal strength',
      BATTERY: 'Battery',
    },
    units: {
      kWh: 'kWh',
      W: 'W',
      V: 'V',
      A: 'A',
      Hz: 'Hz',
      m3: 'm³',
      Cel: '°C',
      dBm: 'dBm',
      percent: '%',
    },
    /** «44%»: English writes the sign against the number. */
    percent: (n: string) => `${n}%`,
    justNow: 'just now',
    minutesAgo: (n: number) => `${n} min ago`,
    hoursAgo: (n: number) => `${n} h ago`,
  },

  notFound: {
    title: 'Page not found',
    text: 'There is no such page in your account. The link may be out of date, or the address may have a typo.',
    errorTitle: 'Error',
    errorHeading: 'Something went wrong',
    errorText: 'The page could not be opened. Reload it or come back later.',
    toCabinet: 'Go to my account',
  },

  cabinet: {
    title: 'My meters',
    loading: 'Loading meters…',
    loadFailed: 'Your account data could not be loaded',
    emptyTitle: 'No meters in your account yet',
    emptyText:
      'Water and electricity meters, and the controllers that read them, are added to your account with the serial number and the code from the label on the device.',
    bindNow: 'Add devices',
    noReadings: 'No readings yet',
    liveLabel: 'Live readings: ',
    live: {
      connecting: 'connecting…',
      online: 'online',
      reconnecting: 'no connection, reconnecting…',
    },
  },

  phone: {
    label: 'Phone number',
    placeholder: '+7 900 123-45-67',
    required: 'Enter your phone number',
  },

  code: {
    label: 'Code from the text message',
    required: 'Enter the code from the text message',
    hint: (length: number, phone: string) => `${count(length, 'digit', 'digits')}. The code was sent to ${unbroken(phone)} and is valid for 10 minutes.`,
    resendIn: (s: number) => `You can request a new code in ${clock(s)}`,
    resend: 'Send the code again',
    resent: 'A new code has been sent',
    resendLabel: (s: number) => `You can send the code again in ${seconds(s)}`,
  },

  password: {
    label: 'Password',
    newLabel: 'New password',
    repeatLabel: 'Repeat the password',
    currentLabel: 'Current password',
    required: 'Enter your password',
    currentRequired: 'Enter your current password',
    repeatRequired: 'Repeat the password',
    mismatch: 'The passwords do not match',
    cyrillic: 'The password is being typed in the Russian layout — switch your keyboard to English',
    nonAscii: 'The password may contain only Latin letters, digits and symbols',
    tooShort: (n: number) => `The password must be at least ${n} characters long`,
    tooLong: (n: number) => `The password must be at most ${n} characters long`,
    rules: (min: number, max: number) =>
      `Latin letters, digits and symbols, ${min} to ${max} characters. Several words only you know work best; common passwords are refused.`,
  },

  login: {
    title: 'Sign in to your account',
    lead: 'Your login is the mobile number you registered with.',
    submit: 'Sign in',
    passwordRequired: 'Enter your password',
    recovery: 'Reset password',
    noAccount: 'No account yet?',
    register: 'Create an account',
  },

  captcha: {
    widget: {
      ariaLinkLabel: 'ALTCHA',
      enterCode: 'Enter code',
      enterCodeAria: 'Enter the code you hear. Press Space to play the audio.',
      error: 'Verification failed. Please try again.',
      expired: 'The check has expired — tick “I am not a robot” again.',
      footer: '',
      getAudioChallenge: 'Play the code',
      label: 'I am not a robot',
      loading: 'Loading…',
      reload: 'Reload',
      verify: 'Verify',
      verificationRequired: 'Tick “I am not a robot”',
      verified: 'Verified',
      verifying: 'Verifying…',
      waitAlert: 'Verifying, please wait…',
      cancel: 'Cancel',
      enterCodeFromImage: 'Enter the code from the image to continue.',
    },
    required: 'Tick “I am not a robot”',
    verifying: 'Wait for the “I am not a robot” check to finish',
    loadFailed: 'The “I am not a robot” check could not be loaded. Reload the page.',
    hint: 'The check runs in your browser for a few seconds and sends none of your data anywhere.',
  },

  /** Time zones as the profile's list and every page's «МСК+2» say them. */
  timeZones: {
    zones: {
      'Europe/Kaliningrad': 'Kaliningrad',
      'Europe/Moscow': 'Moscow, Saint Petersburg',
      'Europe/Samara': 'Samara, Izhevsk, Saratov, Ulyanovsk',
      'Asia/Yekaterinburg': 'Yekaterinburg, Perm, Chelyabinsk, Ufa, Tyumen',
      'Asia/Omsk': 'Omsk',
      'Asia/Novosibirsk': 'Novosibirsk, Krasnoyarsk, Tomsk, Kemerovo',
      'Asia/Irkutsk': 'Irkutsk, Ulan-Ude',
      'Asia/Yakutsk': 'Yakutsk, Chita, Blagoveshchensk',
      'Asia/Vladivostok': 'Vladivostok, Khabarovsk',
      'Asia/Magadan': 'Magadan, Yuzhno-Sakhalinsk',
      'Asia/Kamchatka': 'Petropavlovsk-Kamchatsky, Anadyr',
    },
    clock: (hours) => (hours === 0 ? 'Moscow time' : `Moscow time ${hours > 0 ? '+' : '−'}${Math.abs(hours)}`),
  },

  bind: {
    title: 'Add devices',
    text: 'Here you will be able to add water and electricity meters, and the controllers that read them, with the serial number and the code from the label on the device.',
    soon: 'This section is coming in one of the next updates. Until then, support adds devices for you.',
    toCabinet: 'Back to meters',
  },

  help: helpEn,

  frame: frameEn,
  support: supportEn,
  pwa: pwaEn,
  meters: metersEn,
  readings: readingsEn,
  costs: costsEn,
  alerts: alertsEn,
};

export { provisioningRuleEn, reasonsEn } from './sections/errors-en';

/**
 * English for an API error whose reason the cabinet does not know (see apiErrorText): what its field or its
 * code means. Known reasons are translated by `reasonsEn` (./sections/errors).
 */
export const apiErrorsEn = {
  /** What an unknown message of a known field was about (BAD_USER_INPUT). */
  fields: {
    phone: 'Check the phone number',
    code: 'Check the code',
    password: 'Check the password',
    currentPassword: 'Check your current password',
    email: 'Check the email address',
    fullName: 'Check the name',
    name: 'Check the name',
    address: 'Check the address',
    captcha: 'Tick “I am not a robot” again',
    contact: 'Check the email address or phone number',
    message: 'Check the message',
    topic: 'Check the subject',
    text: 'Check the message',
    file: 'This photo cannot be attached',
    serial: 'Check the serial number',
    token: 'The link is invalid or out of date',
  } as Record<string, string>,

  /** What a code means when its message is unknown. */
  codes: {
    UNAUTHENTICATED: 'Please sign in to your account',
    FORBIDDEN: 'You do not have permission to do this',
    NOT_FOUND: 'Not found',
    STORAGE_UNAVAILABLE: 'Storage is temporarily unavailable, try again later',
    SERVICE_UNAVAILABLE: 'The service is temporarily unavailable, try again later',
    INTERNAL_SERVER_ERROR: 'The request failed. Please try again later.',
    PAYLOAD_TOO_LARGE: 'The file is too large',
  } as Record<string, string>,

  rateLimited: (retryAfter: number | null) =>
    retryAfter ? `Too many attempts. Try again in ${retryAfter > 90 ? `${Math.ceil(retryAfter / 60)} min` : `${retryAfter} s`}` : 'Too many attempts. Try again later',
};

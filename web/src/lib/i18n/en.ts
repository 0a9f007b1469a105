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

  register: {
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
  },

  welcome: {
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
  },

  confirmEmail: {
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
  },

  recovery: {
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
  },

  profile: {
    title: 'Profile',
    loadFailed: 'Your profile could not be loaded',
    personal: 'Personal details',
    fullName: 'Full name',
    address: 'Address',
    timeZone: 'Time zone',
    timeZoneHint: 'Days and months in reports and costs, the times of warnings, quiet hours and away mode follow it.',
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
    saved: 'Saved',
    emailTitle: 'Email',
    noEmail: 'No address given',
    confirmed: 'confirmed',
    unconfirmed: 'not confirmed',
    unconfirmedText: 'Open the link in the email to confirm the address: without it you cannot reset your password by email.',
    resend: 'Send the email again',
    resent: (email: string) => `The email has been sent to ${email}. The link is valid for 24 hours.`,
    changeEmail: 'Change address',
    newEmail: 'New address',
    emailChanged: (email: string) => `Address changed. A confirmation link has been sent to ${email}.`,
    phoneTitle: 'Phone number',
    phoneText: 'Your number is your login.',
    changePhone: 'Change number',
    newPhone: 'New number',
    getCode: 'Get a code',
    codeSent: (phone: string) => `A code has been sent to ${phone}.`,
    confirmPhone: 'Change number',
    phoneChanged: (phone: string) => `Number changed. Sign in with ${phone} from now on.`,
    passwordTitle: 'Password',
    passwordText: 'Changing the password ends all your other sessions.',
    changePassword: 'Change password',
    passwordChanged: 'Password changed. Other sessions have been ended.',
    sessionsTitle: 'Sessions',
    sessionsText: 'Browsers and apps signed in to your account.',
    thisSession: 'This session',
    unknownDevice: 'Unknown device',
    yandexBrowser: 'Yandex Browser',
    signedInAt: (at: string) => `Signed in: ${at}`,
    lastUsedAt: (at: string) => `Active: ${at}`,
    ipAddress: (ip: string) => `IP address: ${ip}`,
    revokeSession: 'End',
    revokeSessionLabel: (device: string) => `End session: ${device}`,
    signOutOthers: 'End all other sessions',
    othersEnded: (n: number) => (n ? `${count(n, 'session', 'sessions')} ended` : 'No other sessions'),
    noOtherSessions: 'No other sessions.',
    allSessions: (n: number) => `Show all ${count(n, 'session', 'sessions')}`,
    fewerSessions: 'Show only the latest',
    tokensTitle: 'Integration tokens',
    tokensText:
      'A token gives a program (home automation, your own script) read-only access to your readings: over HTTP in the Authorization: Bearer header, and in the WebSocket connection_init.',
    noTokens: 'No tokens yet.',
    tokenName: 'Token name',
    tokenNameHint: 'E.g. “Home Assistant”: so you know later which token to revoke.',
    tokenNameRequired: 'Name the token',
    createToken: 'Create token',
    newToken: 'New token',
    newTokenWarning: 'Copy the token now: it will not be shown again. Keep it like a password; if someone else gets it, revoke it.',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Could not copy: select the token and copy it by hand',
    done: 'Done',
    tokenCreatedAt: (at: string) => `Created: ${at}`,
    tokenUsedAt: (at: string) => `Last used: ${at}`,
    revokeToken: 'Revoke',
    revokeTokenLabel: (name: string) => `Revoke token “${name}”`,
    dataTitle: 'Your data',
    dataText:
      'Everything the service keeps about you, as one JSON file: your profile, sessions and tokens, devices and when they were yours, personal accounts and readings submitted to suppliers, warnings and their settings, webhooks, own tariffs, support conversations, and the calls requested and feedback sent while signed in. Meter readings are exported from each meter’s page.',
    dataDownload: 'Download my data',
    dataSaved: (name: string) => `File ${name} saved.`,
    dataFailed: (message: string) => `Could not download: ${message}`,
    deleteTitle: 'Delete the account',
    deleteText:
      'Your personal data, password, sessions and tokens, push notifications and webhooks, warnings, meter names, own tariffs, support conversations, and the calls requested and feedback sent while signed in will be deleted. Your devices will be released: the next owner binds them with the same code. Submitting readings to your suppliers will stop.',
    deleteKept: 'Readings already submitted to your suppliers stay with them: they are their records of your personal account. Before deleting, you can download your data under “Your data”.',
    deleteOpen: 'Delete the account',
    deleteConfirm: 'Delete for good',
    deleteWarning: 'The account is deleted at once and cannot be restored. To use the service again you will need to register anew.',
  },

  bind: {
    title: 'Add devices',
    text: 'Here you will be able to add water and electricity meters, and the controllers that read them, with the serial number and the code from the label on the device.',
    soon: 'This section is coming in one of the next updates. Until then, support adds devices for you.',
    toCabinet: 'Back to meters',
  },

  help: helpEn,

  outbox: {
    title: 'Outgoing messages',
    lead: 'Development only: the text messages and emails the server would have sent if an SMS gateway and a mail server were configured.',
    unavailable: 'Not available in production',
    unavailableText: 'In production, messages go to their real recipients and are not shown here.',
    empty: 'No messages yet.',
    refresh: 'Refresh',
    sms: 'SMS',
    email: 'Email',
    to: (to: string) => `To: ${to}`,
    code: 'Code',
  },

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

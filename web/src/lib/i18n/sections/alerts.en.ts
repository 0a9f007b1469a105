/** alertsRu in English (its own module: the Russian majority's first load does not carry it). */
import { monthName, rub, type alertsRu } from './alerts';
import { SUBMISSION_REASON_WORDS } from '@askue/api/submission-reasons';

export const alertsEn: typeof alertsRu = {
  title: 'Warnings',
  nav: 'Warnings',
  unread: (n: number) => `${n} unread`,
  lead: 'Leaks, silent modems, verification dates and use while you are away. Important ones also come by email, and leaks by SMS too.',
  loading: 'Loading warnings…',
  loadFailed: 'Could not load the warnings',
  emptyTitle: 'No warnings',
  emptyText: 'We watch for leaks, modem connections and verification dates. If something happens, the warning shows up here at once, without reloading.',
  open: 'Now',
  history: 'History',
  noOpen: 'All is well right now.',
  more: 'Show more',
  rules: {
    LEAK: 'Possible leak',
    BURST: 'Very high water use',
    AWAY_USE: 'Use while you are away',
    MODEM_SILENT: 'Modem offline',
    LOW_BATTERY: 'Modem battery low',
    WEAK_SIGNAL: 'Weak modem signal',
    VERIFICATION_DUE: 'Verification due',
    VOLTAGE: 'Voltage out of range',
    SUBMISSION_FAILED: 'Readings not accepted',
    ABNORMAL_DAY: 'Unusually high use',
    BUDGET: 'Costs above your budget',
  },
  text: (rule, f, subject, when, day) => {
    switch (rule) {
      case 'LEAK':
        return `Meter ${subject}: water has flowed without a break for ${f.hours} h, since ${when(f.since ?? '')} — ${f.litres} L. Check the taps, the toilet cistern and the pipes.`;
      case 'BURST':
        return `Meter ${subject}: ${f.litres} L in ${f.minutes} min. If it is not you, shut off the water.`;
      case 'AWAY_USE':
        return f.unit === 'W' ? `Meter ${subject}: ${f.amount} W drawn while you are away.` : `Meter ${subject}: ${f.amount} L of water used while you are away.`;
      case 'MODEM_SILENT':
        return `Modem ${subject} has not reported since ${when(f.lastSeenAt ?? '')}: no readings are coming in.`;
      case 'LOW_BATTERY':
        return `Modem ${subject}: battery at ${f.batteryPct}%.`;
      case 'WEAK_SIGNAL':
        return `Modem ${subject}: signal ${f.signalDbm} dBm — readings may be lost.`;
      case 'VERIFICATION_DUE':
        return Number(f.days) < 0
          ? `The verification of meter ${subject} expired on ${day(f.due)}: its readings may be refused.`
          : Number(f.days) === 0
            ? `Meter ${subject} is due for verification today, ${day(f.due)}.`
            : `Meter ${subject} is due for verification by ${day(f.due)}, in ${f.days} ${f.days === '1' ? 'day' : 'days'}.`;
      case 'VOLTAGE':
        return f.interruption === 'true' ? `Meter ${subject}: no voltage on phase ${f.phase} since ${when(f.since ?? '')}.` : `Meter ${subject}: ${f.volts} V on phase ${f.phase}, outside 207–253 V since ${when(f.since ?? '')}.`;
      case 'ABNORMAL_DAY':
      {
        const unit = f.unit === 'кВт·ч' ? 'kWh' : 'm³';
        return `Meter ${subject}: ${f.consumption} ${unit} on ${day(f.day, true)}, against a usual ${f.median} ${unit} on that weekday.`;
      }
      case 'BUDGET':
        return Number(f.spent) > Number(f.budget)
          ? `Meter ${subject}: ${rub('en-GB', f.spent)} in ${monthName('en-GB', f.month)} already — above your budget of ${rub('en-GB', f.budget)}.`
          : `Meter ${subject}: ${monthName('en-GB', f.month)} is forecast at ${rub('en-GB', f.forecast)}, above your budget of ${rub('en-GB', f.budget)}. ${rub('en-GB', f.spent)} so far.`;
      case 'SUBMISSION_FAILED':
        return f.status === 'AWAITING_VALUES'
          ? `This month's readings of meter ${subject} could not be taken for «${f.supplier}»: the modem sent nothing recent. Enter them on the meter's page while submissions are open.`
          : `Supplier «${f.supplier}» did not accept the readings of meter ${subject}${f.reason ? `: ${(SUBMISSION_REASON_WORDS.EN as Record<string, string>)[f.reason] ?? f.reason}` : ''}.`;
      default:
        return subject;
    }
  },
  severity: { CRITICAL: 'Urgent', WARNING: 'Attention', INFO: 'For your information' },
  opened: (when) => `since ${when}`,
  resolved: (when, endedBy) =>
    endedBy === 'RELEASED' ? `closed ${when}: the device was unbound` : endedBy === 'RETIRED' ? `closed ${when}: the modem was taken out of service` : `ended ${when}`,
  next: {
    verify: 'Record the verification',
    submissions: 'Go to submissions',
    usage: 'See the usage',
    quality: 'Power quality',
    costs: 'Costs and tariff',
    modem: 'The modem on the meter’s page',
  },
  acknowledge: 'Mark as read',
  acknowledged: 'Read',
  acknowledgeAll: 'Mark all as read',
  mute: 'No messages for a day',
  unmute: 'Send messages again',
  mutedUntil: (when) => `Messages off until ${when}`,
  actionFailed: 'That did not work',
  showMore: 'Show more',
  loadingMore: 'Loading…',
  moreFailed: 'Could not load more',
  shown: (shown: number, total: number) => `Showing ${shown} of ${total}`,
  live: { offline: 'Offline: new warnings will show up when the connection is back.' },
  zoneNote: (zone) => `Times are in your cabinet’s time zone: ${zone}.`,
  zoneChange: 'Change it in your profile',
  away: {
    title: 'I am away',
    lead: 'While you are away, any water use and electricity above the baseload (300 W) is a warning.',
    from: 'From',
    to: 'To',
    save: 'Turn on',
    end: 'I am back',
    current: (from, to) => `Away from ${from} to ${to}`,
    saved: 'Away mode is on',
    ended: 'Away mode is off',
    invalid: 'Say when you leave and when you come back',
  },
  quiet: {
    title: 'Quiet hours',
    lead: 'During these hours warnings that can wait send no email or notification — they wait in the cabinet. Urgent ones (a leak, a burst, use while away) always come.',
    from: 'From',
    to: 'To',
    save: 'Save',
    off: 'Turn off',
    current: (from, to) => `Quiet hours: ${from} to ${to}`,
    none: 'No quiet hours set.',
    saved: 'Quiet hours saved',
    removed: 'Quiet hours are off',
  },
  push: {
    title: 'Notifications on this device',
    lead: 'Warnings — a leak, a silent modem, a verification date — reach this device even when the cabinet is closed.',
    checking: 'Checking whether this browser can show notifications…',
    unsupported: 'This browser does not show notifications from websites. Install the cabinet as an app or open it in Chrome, Edge, Firefox or Safari.',
    blocked: 'Notifications are blocked for this site in the browser’s settings. Allow them there, then reload the page.',
    on: 'On: warnings come to this device.',
    off: 'Off.',
    turnOn: 'Turn notifications on',
    turnOff: 'Turn notifications off',
    enabled: 'Notifications are on',
    disabled: 'Notifications are off',
    failed: 'That did not work',
  },
  settings: {
    tab: 'Warnings',
    title: 'Warnings for this meter',
    lead: 'Which warnings to send about this meter, and their thresholds. An empty field means the default.',
    loading: 'Loading the settings…',
    loadFailed: 'Could not load the settings',
    watch: 'Watch',
    thresholds: 'Thresholds',
    leakHours: 'Leak: water flowing without a break, hours',
    nightLeakHours: 'Leak at night (00:00–06:00), hours',
    minLitresPerHour: 'Less than this many litres an hour is no flow (a dripping tap)',
    burstLitres: 'Burst: more than this many litres within 30 minutes',
    baseloadW: 'While away: baseload power, W',
    budget: 'Monthly budget',
    budgetLabel: 'What this meter may cost a month, ₽',
    budgetHint: 'We warn you when the month’s forecast or what is spent goes above it. Needs a tariff. Empty: not watched.',
    budgetForecast: (forecast) => `This month’s forecast: ${forecast}.`,
    budgetFormat: 'An amount in roubles, e.g. 3000 or 2500.50',
    budgetNoTariff: 'The meter has no tariff: there is nothing to compare a budget with yet.',
    byDefault: (v) => `default ${v}`,
    wholeNumber: 'Enter a whole number',
    save: 'Save',
    saving: 'Saving…',
    saved: 'Settings saved and in force',
    merged: 'Meanwhile the settings were saved in another window or on another device. The form now shows them with your edits on top: check them and save again.',
    failed: 'Could not save',
    flowTitle: 'Continuous flow expected',
    flowLead: 'Filling a pool or watering the garden? No leak warnings until the date you set.',
    flowUntil: 'Until',
    flowSet: 'No leak warnings until then',
    flowClear: 'Watch for leaks again',
    flowCurrent: (until) => `No leak warnings until ${until}`,
    flowSaved: 'Saved',
  },
  webhooks: {
    title: 'Webhooks',
    lead: 'For developers and smart-home systems: every change of a warning is POSTed to your address. The signature is in the X-Askue-Signature header (HMAC-SHA256 with the webhook’s secret); retries keep the same Idempotency-Key.',
    loading: 'Loading webhooks…',
    loadFailed: 'Could not load webhooks',
    none: 'No webhooks.',
    url: 'Address (https)',
    urlHint: 'For example https://example.com/askue',
    description: 'Description',
    add: 'Add a webhook',
    added: 'Webhook added',
    required: 'Enter the address',
    secret: 'Signing secret',
    show: 'Show',
    hide: 'Hide',
    copy: 'Copy',
    copied: 'Copied',
    ping: 'Test',
    pinged: 'A test message was sent',
    rotate: 'New secret',
    rotated: 'Secret replaced: the old one no longer signs messages',
    remove: 'Remove',
    removeLabel: (url) => `Remove webhook ${url}`,
    removed: 'Webhook removed',
    failed: 'That did not work',
    recent: 'Recent messages',
    noDeliveries: 'No messages yet.',
    status: { PENDING: 'waiting to retry', SENDING: 'sending', DELIVERED: 'delivered', FAILED: 'not delivered' },
    answer: (code) => (code === null ? 'no answer' : `answered ${code}`),
    attempts: (n) => `attempts: ${n}`,
  },
};

/** «Предупреждения»: the bell, the alerts page, away mode. Each warning is worded here from its rule and facts. */
import { plural } from '$lib/format/plural';
import type { NextStep } from '$lib/alerts/next-step';
import { submissionsEn, submissionsRu } from './submissions';

type Rule = 'LEAK' | 'BURST' | 'AWAY_USE' | 'MODEM_SILENT' | 'LOW_BATTERY' | 'WEAK_SIGNAL' | 'VERIFICATION_DUE' | 'VOLTAGE' | 'SUBMISSION_FAILED' | 'ABNORMAL_DAY' | 'BUDGET';
type Facts = Record<string, string>;

/** Roubles as a warning's facts carry them ("3720.00") and a month ("2026-01"), in a locale. */
const rub = (locale: string, v: string | undefined) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol' }).format(Number(v));
const monthName = (locale: string, v: string | undefined) => (v && /^\d{4}-\d{2}$/.test(v) ? new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${v}-01T00:00:00Z`)) : (v ?? ''));

export const alertsRu = {
  title: 'Предупреждения',
  nav: 'Предупреждения',
  unread: (n: number) => `${n} ${plural(n, 'непрочитанное', 'непрочитанных', 'непрочитанных')}`,
  lead: 'Протечки, молчащие модемы, срок поверки и расход в ваше отсутствие. Важное приходит и по почте, а протечки — ещё и СМС.',
  loading: 'Загружаем предупреждения…',
  loadFailed: 'Не удалось загрузить предупреждения',
  emptyTitle: 'Предупреждений нет',
  emptyText: 'Мы следим за протечками, связью модемов и сроками поверки. Если что-то случится, предупреждение появится здесь сразу, без обновления страницы.',
  open: 'Сейчас',
  history: 'История',
  noOpen: 'Сейчас всё в порядке.',
  more: 'Показать ещё',
  rules: {
    LEAK: 'Возможна протечка',
    BURST: 'Очень большой расход воды',
    AWAY_USE: 'Расход в ваше отсутствие',
    MODEM_SILENT: 'Модем не на связи',
    LOW_BATTERY: 'Садится батарея модема',
    WEAK_SIGNAL: 'Слабый сигнал модема',
    VERIFICATION_DUE: 'Срок поверки',
    VOLTAGE: 'Напряжение вне нормы',
    SUBMISSION_FAILED: 'Показания не приняты',
    ABNORMAL_DAY: 'Необычно большой расход',
    BUDGET: 'Расходы выше бюджета',
  } satisfies Record<Rule, string>,
  /** `when` writes a moment in the account's zone; `day` a calendar day (`2027-01-01`), with its weekday if asked. */
  text: (rule: string, facts: Facts, subject: string, when: (iso: string) => string, day: (date: string, weekday?: boolean) => string): string => {
    // Numbers with a decimal comma (400,3 л).
    const f = Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, /^-?\d+\.\d+$/.test(v) ? v.replace('.', ',') : v]));
    switch (rule) {
      case 'LEAK':
        return `Счётчик ${subject}: вода идёт без перерыва ${f.hours} ч, с ${when(f.since ?? '')} — ${f.litres} л. Проверьте краны, бачок унитаза и трубы.`;
      case 'BURST':
        return `Счётчик ${subject}: ${f.litres} л за ${f.minutes} мин. Если это не вы — перекройте воду.`;
      case 'AWAY_USE':
        return f.unit === 'W' ? `Счётчик ${subject}: потребление ${f.amount} Вт, пока вы в отъезде.` : `Счётчик ${subject}: расход воды ${f.amount} л, пока вы в отъезде.`;
      case 'MODEM_SILENT':
        return `Модем ${subject} не выходит на связь с ${when(f.lastSeenAt ?? '')}: показания не поступают.`;
      case 'LOW_BATTERY':
        return `Модем ${subject}: заряд батареи ${f.batteryPct} %.`;
      case 'WEAK_SIGNAL':
        return `Модем ${subject}: сигнал ${f.signalDbm} дБм — показания могут теряться.`;
      case 'VERIFICATION_DUE':
        return Number(f.days) < 0
          ? `Срок поверки счётчика ${subject} истёк ${day(f.due)}: показания могут не принять.`
          : Number(f.days) === 0
            ? `Срок поверки счётчика ${subject} — сегодня, ${day(f.due)}`
            : `Срок поверки счётчика ${subject} — ${day(f.due)}, через ${f.days} ${plural(Number(f.days), 'день', 'дня', 'дней')}.`;
      case 'VOLTAGE':
        return f.interruption === 'true' ? `Счётчик ${subject}: нет напряжения на фазе ${f.phase} с ${when(f.since ?? '')}.` : `Счётчик ${subject}: на фазе ${f.phase} ${f.volts} В — вне допустимых 207–253 В с ${when(f.since ?? '')}.`;
      case 'ABNORMAL_DAY':
        return `Счётчик ${subject}: ${day(f.day, true)} — ${f.consumption} ${f.unit}, обычно в этот день недели ${f.median} ${f.unit}.`;
      case 'BUDGET':
        return Number(facts.spent) > Number(facts.budget)
          ? `Счётчик ${subject}: за ${monthName('ru-RU', facts.month)} уже ${rub('ru-RU', facts.spent)} — больше бюджета ${rub('ru-RU', facts.budget)}.`
          : `Счётчик ${subject}: прогноз за ${monthName('ru-RU', facts.month)} — ${rub('ru-RU', facts.forecast)}, больше бюджета ${rub('ru-RU', facts.budget)}. Пока потрачено ${rub('ru-RU', facts.spent)}.`;
      case 'SUBMISSION_FAILED':
        return f.status === 'AWAITING_VALUES'
          ? `Показания счётчика ${subject} за этот месяц не удалось снять для «${f.supplier}»: модем не прислал свежих данных. Введите их на странице счётчика, пока открыт приём.`
          : `Показания счётчика ${subject} не приняты поставщиком «${f.supplier}»${f.reason ? `: ${submissionsRu.reasons[f.reason] ?? f.reason}` : ''}.`;
      default:
        return subject;
    }
  },
  severity: { CRITICAL: 'Срочно', WARNING: 'Внимание', INFO: 'Для сведения' } as Record<string, string>,
  opened: (when: string) => `с ${when}`,
  /** How it ended (`endedBy`): cleared, or closed because the device was let go or taken out of service. */
  resolved: (when: string, endedBy: string | null) =>
    endedBy === 'RELEASED' ? `закрыто ${when}: прибор отвязан` : endedBy === 'RETIRED' ? `закрыто ${when}: модем выведен из работы` : `закончилось ${when}`,
  /** Where an open warning is dealt with (`lib/alerts/next-step`). */
  next: {
    verify: 'Отметить поверку',
    submissions: 'К передаче показаний',
    usage: 'Посмотреть расход',
    quality: 'Качество сети',
    costs: 'Расходы и тариф',
    modem: 'Модем на странице счётчика',
  } satisfies Record<NextStep, string>,
  acknowledge: 'Прочитано',
  acknowledged: 'Прочитано',
  acknowledgeAll: 'Отметить все прочитанными',
  mute: 'Не присылать сообщения сутки',
  unmute: 'Присылать снова',
  mutedUntil: (when: string) => `Сообщения отключены до ${when}`,
  actionFailed: 'Не получилось',
  showMore: 'Показать ещё',
  loadingMore: 'Загружаем…',
  moreFailed: 'Не удалось загрузить ещё',
  shown: (shown: number, total: number) => `Показано ${shown} из ${total}`,
  live: { offline: 'Нет связи: новые предупреждения появятся, когда связь вернётся.' },
  zoneNote: (zone: string) => `Время — по часовому поясу кабинета: ${zone}.`,
  zoneChange: 'Изменить в профиле',
  away: {
    title: 'Я в отъезде',
    lead: 'Пока вы в отъезде, любой расход воды и потребление электроэнергии выше фонового (300 Вт) — повод для предупреждения.',
    from: 'С',
    to: 'По',
    save: 'Включить',
    end: 'Я вернулся',
    current: (from: string, to: string) => `В отъезде с ${from} по ${to}`,
    saved: 'Режим «Я в отъезде» включён',
    ended: 'Режим «Я в отъезде» выключен',
    invalid: 'Укажите, когда вы уезжаете и когда вернётесь',
  },
  quiet: {
    title: 'Тихие часы',
    lead: 'В эти часы предупреждения, которые могут подождать, не приходят ни письмом, ни уведомлением — они ждут в кабинете. Срочные (протечка, прорыв, расход в отъезде) приходят всегда.',
    from: 'С',
    to: 'До',
    save: 'Сохранить',
    off: 'Выключить',
    current: (from: string, to: string) => `Тихие часы: с ${from} до ${to}`,
    none: 'Тихие часы не заданы.',
    saved: 'Тихие часы сохранены',
    removed: 'Тихие часы выключены',
  },
  push: {
    title: 'Уведомления на этом устройстве',
    lead: 'Предупреждения — протечка, молчащий модем, срок поверки — придут на это устройство, даже когда кабинет закрыт.',
    checking: 'Проверяем, умеет ли браузер показывать уведомления…',
    unsupported: 'Этот браузер не показывает уведомления сайтов. Установите кабинет как приложение или откройте его в Chrome, Edge, Firefox или Safari.',
    blocked: 'Уведомления запрещены в настройках браузера для этого сайта. Разрешите их там, затем обновите страницу.',
    on: 'Включены: предупреждения приходят на это устройство.',
    off: 'Выключены.',
    turnOn: 'Включить уведомления',
    turnOff: 'Выключить уведомления',
    enabled: 'Уведомления включены',
    disabled: 'Уведомления выключены',
    failed: 'Не удалось',
  },
  settings: {
    tab: 'Предупреждения',
    title: 'Предупреждения по счётчику',
    lead: 'Какие предупреждения присылать об этом счётчике и с какими порогами. Пустое поле — значение по умолчанию.',
    loading: 'Загружаем настройки…',
    loadFailed: 'Не удалось загрузить настройки',
    watch: 'Следить',
    thresholds: 'Пороги',
    leakHours: 'Протечка: вода идёт без перерыва, часов',
    nightLeakHours: 'Протечка ночью (00:00–06:00), часов',
    minLitresPerHour: 'Меньше стольких литров в час — не расход (капает кран)',
    burstLitres: 'Прорыв: больше стольких литров за 30 минут',
    baseloadW: 'В отъезде: фоновая мощность, Вт',
    budget: 'Бюджет на месяц',
    budgetLabel: 'Сколько счётчик может стоить в месяц, ₽',
    budgetHint: 'Предупредим, когда прогноз за месяц или уже потраченное станет больше. Нужен тариф. Пусто — не следить.',
    budgetForecast: (forecast: string) => `Прогноз на этот месяц: ${forecast}.`,
    budgetFormat: 'Сумма в рублях, например 3000 или 2500,50',
    budgetNoTariff: 'У счётчика нет тарифа: бюджет пока не с чем сравнить.',
    byDefault: (v: number) => `по умолчанию ${v}`,
    wholeNumber: 'Введите целое число',
    save: 'Сохранить',
    saving: 'Сохраняем…',
    saved: 'Настройки сохранены и уже действуют',
    merged: 'Тем временем настройки сохранили в другом окне или на другом устройстве. В форме теперь они, а поверх — ваши правки: проверьте и сохраните ещё раз.',
    failed: 'Не удалось сохранить',
    flowTitle: 'Ожидается постоянный расход',
    flowLead: 'Наполняете бассейн или поливаете сад? До указанной даты протечку не ищем.',
    flowUntil: 'До',
    flowSet: 'Не искать протечку до этой даты',
    flowClear: 'Снова искать протечку',
    flowCurrent: (until: string) => `Протечку не ищем до ${until}`,
    flowSaved: 'Сохранено',
  },
  webhooks: {
    title: 'Вебхуки',
    lead: 'Для программистов и систем умного дома: каждое изменение предупреждения мы отправим POST-запросом на ваш адрес. Подпись — в заголовке X-Askue-Signature (HMAC-SHA256 секретом вебхука); повторы — с тем же Idempotency-Key.',
    loading: 'Загружаем вебхуки…',
    loadFailed: 'Не удалось загрузить вебхуки',
    none: 'Вебхуков нет.',
    url: 'Адрес (https)',
    urlHint: 'Например https://example.ru/askue',
    description: 'Описание',
    add: 'Добавить вебхук',
    added: 'Вебхук добавлен',
    required: 'Укажите адрес',
    secret: 'Секрет подписи',
    show: 'Показать',
    hide: 'Скрыть',
    copy: 'Копировать',
    copied: 'Скопировано',
    ping: 'Проверить',
    pinged: 'Проверочное сообщение отправлено',
    rotate: 'Новый секрет',
    rotated: 'Секрет заменён: старый больше не подписывает сообщения',
    remove: 'Удалить',
    removeLabel: (url: string) => `Удалить вебхук ${url}`,
    removed: 'Вебхук удалён',
    failed: 'Не получилось',
    recent: 'Последние сообщения',
    noDeliveries: 'Сообщений ещё не было.',
    status: { PENDING: 'ждёт повтора', SENDING: 'отправляется', DELIVERED: 'доставлено', FAILED: 'не доставлено' } as Record<string, string>,
    answer: (code: number | null) => (code === null ? 'нет ответа' : `ответ ${code}`),
    attempts: (n: number) => `попыток: ${n}`,
  },
};

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
          : `Supplier «${f.supplier}» did not accept the readings of meter ${subject}${f.reason ? `: ${submissionsEn.reasons[f.reason] ?? f.reason}` : ''}.`;
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

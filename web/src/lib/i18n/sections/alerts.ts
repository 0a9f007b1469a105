/** «Предупреждения»: the bell, the alerts page, away mode. Each warning is worded here from its rule and facts. */
import { plural } from '$lib/format/plural';
import type { NextStep } from '$lib/alerts/next-step';
import { SUBMISSION_REASON_WORDS } from '@askue/api/submission-reasons';

type Rule = 'LEAK' | 'BURST' | 'AWAY_USE' | 'MODEM_SILENT' | 'LOW_BATTERY' | 'WEAK_SIGNAL' | 'VERIFICATION_DUE' | 'VOLTAGE' | 'SUBMISSION_FAILED' | 'ABNORMAL_DAY' | 'BUDGET';
type Facts = Record<string, string>;

/** Roubles as a warning's facts carry them ("3720.00") and a month ("2026-01"), in a locale. */
export const rub = (locale: string, v: string | undefined) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol' }).format(Number(v));
export const monthName = (locale: string, v: string | undefined) => (v && /^\d{4}-\d{2}$/.test(v) ? new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${v}-01T00:00:00Z`)) : (v ?? ''));

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
          : `Показания счётчика ${subject} не приняты поставщиком «${f.supplier}»${f.reason ? `: ${(SUBMISSION_REASON_WORDS.RU as Record<string, string>)[f.reason] ?? f.reason}` : ''}.`;
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

/**
 * The reasons a client error gives: one catalogue, in one place. Each reason is a stable SCREAMING_SNAKE code (sent as
 * `extensions.reason`, with the numbers and names its text needs as `extensions.params`) and the Russian sentence the
 * API writes as the error's `message`. Clients translate the reason, never the message. The cabinet says these very
 * sentences in Russian (it imports this module as `@askue/api/reasons`, so the words are written once) and keys its
 * English catalogue (web/src/lib/i18n/sections/errors-en.ts) by these codes; api/docs/errors.md lists them for
 * integrators (tests check both against this module). Nothing here may import anything: the cabinet bundles it.
 *
 * Adding a reason: add it here, to api/docs/errors.md, and to the cabinet's English catalogue.
 */

type Params = Record<string, string | number>;

/** «42 с» / «3 мин»: a wait as the Russian messages say it. */
export const waitText = (s: number) => (s > 90 ? `${Math.ceil(s / 60)} мин` : `${s} с`);

const TIME_ZONE = () => 'Неизвестный часовой пояс, например Europe/Moscow';
const READ_ONLY = () => 'Токен интеграции даёт доступ только на чтение';

export const REASONS = {
  // Sign-in, registration, profile
  UNAUTHENTICATED: () => 'Войдите в личный кабинет',
  FORBIDDEN: () => 'Недостаточно прав',
  WRONG_CREDENTIALS: () => 'Неверный номер телефона или пароль',
  PHONE_REQUIRED: () => 'Введите номер мобильного телефона, например +7 900 123-45-67',
  EMAIL_REQUIRED: () => 'Укажите адрес электронной почты',
  EMAIL_INVALID: () => 'Адрес электронной почты указан неверно, например ivan@example.ru',
  FULL_NAME_REQUIRED: () => 'Укажите фамилию, имя и отчество',
  FULL_NAME_TOO_LONG: ({ maxLength }: { maxLength: number }) => `Слишком длинное имя: не больше ${maxLength} символов`,
  ADDRESS_TOO_LONG: ({ maxLength }: { maxLength: number }) => `Слишком длинный адрес: не больше ${maxLength} символов`,
  WRONG_CODE: () => 'Неверный код. Запросите новый код',
  WRONG_CODE_ATTEMPTS_LEFT: ({ attemptsLeft }: { attemptsLeft: number }) => `Неверный код. Осталось попыток: ${attemptsLeft}`,
  WRONG_CODE_NO_ATTEMPTS_LEFT: () => 'Неверный код. Попытки исчерпаны — запросите новый код',
  CODE_EXPIRED: () => 'Срок действия кода истёк. Запросите новый код',
  CODE_USED: () => 'Код уже использован. Запросите новый код',
  CODE_NOT_REQUESTED: () => 'Этот код запрашивали не здесь: запросите новый код на этой странице',
  CODE_TOO_MANY_ATTEMPTS: () => 'Код больше не действует: слишком много попыток. Запросите новый код',
  PHONE_PROOF_EXPIRED: () => 'Подтверждение номера устарело — запросите код ещё раз',
  PHONE_REGISTERED: () => 'Этот номер уже зарегистрирован. Войдите или восстановите пароль',
  PHONE_OF_ANOTHER_ACCOUNT: () => 'Этот номер уже привязан к другому личному кабинету',
  SAME_PHONE: () => 'Это и есть текущий номер',
  SAME_EMAIL: () => 'Это и есть текущий адрес',
  EMAIL_MISSING: () => 'Сначала укажите адрес электронной почты',
  EMAIL_ALREADY_CONFIRMED: () => 'Адрес уже подтверждён',
  EMAIL_LINK_INVALID: () => 'Ссылка недействительна или устарела. Запросите новую в профиле',
  EMAIL_LINK_STALE: () => 'Ссылка устарела: адрес почты с тех пор изменён',
  RESET_LINK_INVALID: () => 'Ссылка недействительна или устарела. Запросите восстановление ещё раз',
  WRONG_CURRENT_PASSWORD: () => 'Неверный текущий пароль',
  PASSWORD_RUSSIAN_LAYOUT: () => 'Пароль набран в русской раскладке — переключите клавиатуру на английский язык',
  PASSWORD_CHARACTERS: () => 'Пароль может содержать только латинские буквы, цифры и символы',
  PASSWORD_TOO_SHORT: ({ minLength }: { minLength: number }) => `Пароль должен быть не короче ${minLength} символов`,
  PASSWORD_TOO_LONG: ({ maxLength }: { maxLength: number }) => `Пароль должен быть не длиннее ${maxLength} символов`,
  PASSWORD_COMMON: () => 'Это один из самых распространённых паролей — придумайте другой',
  PASSWORD_PERSONAL: () => 'Пароль не должен совпадать с номером телефона или адресом почты',
  TIME_ZONE_UNKNOWN: TIME_ZONE,
  READ_ONLY_TOKEN: READ_ONLY,
  TOKEN_NAME_REQUIRED: () => 'Назовите токен, например «Home Assistant»',
  TOKEN_NAME_TOO_LONG: ({ maxLength }: { maxLength: number }) => `Слишком длинное название: не больше ${maxLength} символов`,
  TOO_MANY_TOKENS: ({ max }: { max: number }) => `Не больше ${max} токенов: отзовите ненужные`,
  BRIDGE_ONLY: () => 'Только для шлюза устройств (служебный ключ)',
  OPERATORS_ONLY: () => 'Только для операторов',
  OPERATOR_ACCOUNT_KEPT: () => 'Учётную запись оператора здесь не удалить: обратитесь к администратору',

  // Anti-abuse
  CAPTCHA_REQUIRED: () => 'Подтвердите, что вы не робот',
  CAPTCHA_EXPIRED: () => 'Проверка устарела — отметьте «Я не робот» ещё раз',
  CAPTCHA_USED: () => 'Эта проверка уже использована — отметьте «Я не робот» ещё раз',
  CAPTCHA_FAILED: () => 'Проверка «Я не робот» не пройдена',
  RATE_LIMITED: ({ retryAfter }: { retryAfter: number }) => `Слишком много попыток. Повторите через ${waitText(retryAfter)}`,
  SMS_RESEND_WAIT: ({ retryAfter }: { retryAfter: number }) => `Новый код можно отправить через ${waitText(retryAfter)}`,
  SMS_HOURLY_LIMIT: ({ retryAfter }: { retryAfter: number }) =>
    `Лимит кодов на этот номер за час исчерпан. Новый код можно отправить через ${waitText(retryAfter)}`,
  STORAGE_UNAVAILABLE: () => 'Хранилище временно недоступно, повторите позже',

  // Devices and meters
  METER_FORBIDDEN: () => 'Нет доступа к этому счётчику',
  METER_NOT_FOUND: () => 'Счётчик не найден',
  METER_ID_FORBIDDEN: ({ meterId }: { meterId: string | number }) => `Нет доступа к счётчику ${meterId}`,
  SERIAL_REQUIRED: () => 'Укажите серийный номер прибора',
  WRONG_CLAIM: () => 'Неверный серийный номер или код привязки',
  DEVICE_OF_ANOTHER_ACCOUNT: () =>
    'Прибор привязан к другому личному кабинету. Попросите прежнего владельца отвязать его или обратитесь в поддержку',
  DEVICE_JUST_CLAIMED: () => 'Прибор только что привязан к другому личному кабинету',
  METER_LABEL_TOO_LONG: ({ maxLength }: { maxLength: number }) => `Название не длиннее ${maxLength} символов`,
  VERIFICATION_DUE_FORMAT: () => 'Дата следующей поверки — ГГГГ-ММ-ДД, например 2032-05-20',
  VERIFICATION_DUE_PAST: () => 'Дата следующей поверки — позже сегодняшней: она указана в свидетельстве о поверке',
  VERIFICATION_CERTIFICATE_FORMAT: () => 'Номер свидетельства или записи ФГИС «Аршин» — до 100 букв, цифр и знаков «-/.,№»',
  VERIFICATION_DUE_TOO_FAR: ({ years }: { years: number }) => `Межповерочный интервал — не больше ${years} лет: проверьте дату`,
  CONTROLLER_NOT_FOUND: () => 'Контроллер не найден',
  CONTROLLER_SERIAL_NOT_FOUND: ({ serial }: { serial: string }) => `Контроллер ${serial} не найден`,
  DEVICE_SERIAL_NOT_FOUND: ({ serial }: { serial: string }) => `Прибор ${serial} не найден`,
  REPORT_INTERVAL_RANGE: ({ min, max }: { min: number; max: number }) => `Интервал передачи показаний — целое число секунд от ${min} до ${max}`,
  PROVISIONING_INVALID: ({ problems, more }: { problems: string; more?: number }) => (more ? `${problems}\n… и ещё ${more}` : problems),
  CSV_UNREADABLE: ({ detail }: { detail: string }) => `CSV не читается: ${detail}`,
  CSV_EMPTY: () => 'В файле нет строк с приборами',
  CSV_NO_SERIAL_COLUMN: () => 'Нет столбца controller_serial: первая строка — заголовки столбцов',

  // Reports, quality, live
  PERIOD_END_BEFORE_START: () => 'Конец периода должен быть позже начала',
  PARAMETER_DATE: ({ name }: { name: string }) => `${name}: дата и время в формате ISO 8601`,
  PARAMETER_CHOICE: ({ name, allowed }: { name: string; allowed: string }) => `${name}: одно из ${allowed}`,
  QUANTITY_UNKNOWN: ({ name }: { name: string }) => `quantities: неизвестная величина ${name}`,
  EXPORT_FORMAT: () => 'Форматы: csv, xlsx',
  TOO_MANY_INTERVALS: ({ max }: { max: number }) => `Слишком много интервалов (больше ${max}): выберите период короче или интервал крупнее`,
  TOO_MANY_POINTS: () => 'Слишком много точек: выберите период короче или агрегацию крупнее',
  CURSOR_INVALID: () => 'Неверный курсор',
  PAGE_SIZE_RANGE: ({ max }: { max: number }) => `first — от 1 до ${max}`,
  TOO_MANY_QUANTITIES: ({ max }: { max: number }) => `Не больше ${max} величин за раз`,
  QUALITY_ELECTRICITY_ONLY: () => 'Качество сети измеряют только счётчики электроэнергии',
  NOMINAL_VOLTAGE_RANGE: ({ min, max }: { min: number; max: number }) => `Номинальное напряжение — от ${min} до ${max} В`,
  LIVE_ELECTRICITY_ONLY: () => 'Живые измерения — для счётчиков электроэнергии',
  LIVE_REPLAY_TOO_LONG: ({ max }: { max: number }) => `since: пропущено больше ${max} показаний — возьмите их из отчётов`,
  LIVE_SINCE_TOO_OLD: () => 'since: не раньше чем сутки назад (историю дают отчёты)',
  LIVE_UNAVAILABLE: () => 'Живые данные временно недоступны. Переподключитесь через несколько секунд (с since — без потерь)',
  OPERATOR_SUBMISSIONS_ELSEWHERE: () => 'Для операторов — список передач поставщика (supplierSubmissions)',

  // Suppliers and submissions (params beyond the words: for clients that act on them)
  CURSOR: () => 'Неверный курсор: возьмите endCursor из предыдущей страницы',
  PERIOD: () => 'Период — ГГГГ-ММ, например 2026-11',
  PAGE_SIZE: ({ min, max }: { min: number; max: number }) => `first — от ${min} до ${max}`,
  METER_NOT_YOURS: ({ meterId }: { meterId: string }) => 'Нет доступа к этому счётчику',
  SUPPLIER_NOT_FOUND: ({ id }: { id: string }) => 'Поставщик не найден',
  CONSENT_REQUIRED: () => 'Подтвердите согласие на передачу показаний поставщику',
  SUPPLIER_RESOURCE: ({ supplier, resource }: { supplier: string; resource: string }) => `«${supplier}» не принимает показания счётчиков этого вида`,
  ACCOUNT_NUMBER_FORMAT: ({ accountNumber, supplier, example, pattern }: { accountNumber: string; supplier: string; example: string; pattern: string }) =>
    `Лицевой счёт «${accountNumber}» не похож на счёт «${supplier}»: например, ${example}`,
  LINK_EXISTS: ({ supplier }: { supplier: string }) => 'Этот счётчик уже передаёт показания этому поставщику: сначала отключите прежний лицевой счёт',
  LINK_NOT_FOUND: ({ linkId }: { linkId: string }) => 'Привязка к поставщику не найдена',
  READINGS_FRESH: ({ readingTime }: { readingTime: string }) => 'Счётчик передаёт свежие показания: нажмите «Передать сейчас», вводить вручную не нужно',
  VALUE_REGISTERS: ({ register, decimals }: { register: string; decimals: number }) => 'Введите по одному значению на каждую шкалу счётчика',
  VALUE_FORMAT: ({ register, decimals }: { register: string; decimals: number }) => `Показание ${register} — число с точностью, которую принимает поставщик`,
  ALREADY_SUBMITTED: ({ period, status }: { period: string; status: string }) => 'Показания за этот период уже переданы или передаются',
  // Not open yet (`opensAt`, submitting now) or closed (`closedAt`, an operator's re-send).
  WINDOW_CLOSED: ({ supplier, opensAt, closedAt }: { supplier?: string; opensAt?: string; closedAt?: string }) =>
    opensAt ? `«${supplier}» сейчас не принимает показания; окно откроется ${opensAt}` : 'Окно приёма этого периода закрыто: повторная отправка невозможна',
  SUBMISSION_NOT_FOUND: ({ id }: { id: string }) => 'Передача не найдена',
  NO_VALUES: () => 'В этой передаче нет показаний: абонент должен ввести их вручную',
  SUPPLIER_NAME: () => 'Укажите название поставщика (до 200 символов)',
  SUPPLIER_CHANGED: ({ name }: { name: string }) => `Тем временем «${name}» изменили в другом окне или другой оператор: ваши изменения не применены`,
  INN_INVALID: ({ inn }: { inn: string }) => 'ИНН неверен: 10 или 12 цифр с верными контрольными цифрами',
  RESOURCES_EMPTY: () => 'Укажите хотя бы один ресурс, который поставщик учитывает',
  WINDOW_DAY: ({ day, min, max }: { day: 'first' | 'last'; min: number; max: number }) => `${day === 'first' ? 'Первый' : 'Последний'} день окна — от ${min} до ${max}`,
  CUTOFF_TIME: () => 'Время отсечки — ЧЧ:ММ, например 23:00',
  TIME_ZONE: ({ timeZone }: { timeZone: string }) => 'Часовой пояс — по IANA, например Europe/Moscow',
  // Not a regular expression, or (`max`) too long for one.
  ACCOUNT_PATTERN: ({ max }: { max?: number }) => (max ? `Формат лицевого счёта — регулярное выражение до ${max} символов` : 'Формат лицевого счёта — регулярное выражение, например \\d{10}'),
  ACCOUNT_EXAMPLE: ({ pattern }: { pattern: string }) => 'Пример лицевого счёта не подходит под формат',
  VOLUME_DECIMALS: ({ min, max }: { min: number; max: number }) => `Точность воды — от ${min} до ${max} знаков после запятой`,
  WEBHOOK_URL: () => 'Адрес приёма показаний — http(s)://…',
  SUPPLIER_EMAIL: () => 'Укажите адрес почты, на который поставщик принимает показания',

  // Tariffs and cost
  TARIFF_NOT_FOUND: () => 'Тариф не найден',
  // `rule` and its parameters: tariffs/tariff-rules.ts (absent for a check without a rule code).
  TARIFF_INVALID: ({ detail, rule }: { detail: string; rule?: string }) => `Тариф не принят: ${detail}`,
  PRICE_FORMAT: () => 'Цена — в рублях, не больше четырёх знаков после запятой, например 6,43',
  AMOUNT_FORMAT: () => 'Сумма — в рублях и копейках, например 150 или 150,50',
  TARIFF_DATE_FORMAT: () => 'Дата начала действия — ГГГГ-ММ-ДД, например 2026-07-01',
  TARIFF_SCHEME_REQUIRED: () => 'Выберите вид тарифа: одноставочный, двух- или трёхзонный',
  TARIFF_WATER_PRICES_REQUIRED: () => 'Укажите цены за холодную и горячую воду и водоотведение',
  TARIFF_FROM_SUPPLIER: () => 'Этот счётчик оплачивается по тарифу поставщика — свой тариф не нужен',
  TARIFF_OWN_ONLY: () => 'Свой тариф можно менять только у своего счётчика',
  TARIFF_ELECTRICITY_ONLY: () => 'Тарифы сравниваются для счётчиков электроэнергии',
  COMPARISON_PERIOD_TOO_LONG: ({ maxDays }: { maxDays: number }) => `Период сравнения — не длиннее ${maxDays} дней`,
  SUMMARY_MONTHS_RANGE: ({ max }: { max: number }) => `Месяцев — от 1 до ${max}`,

  // Alerts
  ALERT_NOT_FOUND: () => 'Предупреждение не найдено',
  MUTE_HOURS_RANGE: ({ max }: { max: number }) => `Отключить сообщения можно на срок от 0 до ${max} часов`,
  AWAY_TOO_LONG: () => 'Отъезд — не дольше года',
  AWAY_IN_THE_PAST: () => 'Отъезд должен заканчиваться в будущем',
  CONTINUOUS_FLOW_RANGE: () => 'Постоянный расход можно ожидать до даты в ближайшие 31 день',
  PUSH_ENDPOINT_INVALID: () => 'Адрес подписки на уведомления не подходит: нужен https-адрес сервиса уведомлений браузера',
  PUSH_KEYS_INVALID: () => 'Ключи подписки на уведомления не подходят',
  QUIET_HOURS_RANGE: () => 'Тихие часы — целые часы от 0 до 23, начало и конец разные',
  ALERT_SETTING_RANGE: ({ min, max }: { min: number; max: number }) => `Допустимо целое число от ${min} до ${max}`,
  BUDGET_RANGE: ({ min, max }: { min: number; max: number }) => `Бюджет на месяц — от ${min.toLocaleString('ru-RU')} до ${max.toLocaleString('ru-RU')} ₽`,
  ALERT_RULE_NOT_FOR_METER: ({ rule }: { rule: string }) => `Предупреждение ${rule} не относится к этому счётчику`,
  ALERT_SETTINGS_CHANGED: () => 'Тем временем настройки этого счётчика сохранили в другом окне или на другом устройстве: ваши изменения не применены',
  WEBHOOK_URL_INVALID: () => 'Адрес вебхука — полный https-адрес, например https://example.ru/askue',
  WEBHOOK_URL_PRIVATE: () => 'Адрес вебхука ведёт во внутреннюю сеть — нужен адрес, доступный из интернета',
  WEBHOOK_NOT_FOUND: () => 'Вебхук не найден',
  WEBHOOK_LIMIT: ({ max }: { max: number }) => `Не больше ${max} вебхуков на учётную запись`,

  // Support
  SUPPORT_NAME_REQUIRED: () => 'Как к вам обращаться?',
  SUPPORT_CONTACT_REQUIRED: () => 'Укажите почту или телефон для ответа',
  SUPPORT_MESSAGE_REQUIRED: () => 'Напишите сообщение',
  SUPPORT_TOPIC_REQUIRED: () => 'Коротко опишите тему обращения',
  TEXT_TOO_LONG: ({ maxLength }: { maxLength: number }) => `Не длиннее ${maxLength} символов`,
  CALL_REQUEST_NOT_FOUND: () => 'Заявка не найдена',
  THREAD_NOT_FOUND: () => 'Обращение не найдено',
  THREAD_CLOSED: () => 'Обращение закрыто',
  OPERATOR_CANNOT_OPEN_THREAD: () => 'Обращение открывает клиент',
  TOO_MANY_ATTACHMENTS: ({ max }: { max: number }) => `Не больше ${max} фотографий в сообщении`,
  ATTACHMENT_NOT_FOUND: () => 'Фотография не найдена: загрузите её ещё раз',
  FILE_EMPTY: () => 'Пустой файл',
  FILE_TOO_LARGE: ({ maxMb }: { maxMb: number }) => `Фотография больше ${maxMb} МБ`,
  FILE_TYPE: () => 'Можно приложить фотографию в формате JPEG, PNG или WebP',
  FILE_NOT_FOUND: () => 'Файл не найден',
} satisfies Record<string, (params: never) => string>;

export type Reason = keyof typeof REASONS;
export type ReasonParams<R extends Reason> = Parameters<(typeof REASONS)[R]> extends [infer P] ? P : Record<string, never>;

/**
 * PROVISIONING_INVALID names every problem of a list of controllers (the operator's form or a CSV file): each is sent
 * in `extensions.problems` as where it is (`line` of the file, or `controller` and `meter`, 1-based), a stable `rule`
 * and its `params`, so that clients say them in their language; `params.problems` is the Russian text of them all.
 */
export const PROVISIONING_RULES = {
  SERIAL_FORMAT: ({ serial }: { serial: string }) => `серийный номер «${serial}» — только латинские буквы, цифры, «.», «-», «_», до 64 символов`,
  SERIAL_REPEATED: ({ serial, firstLine, firstController }: { serial: string; firstLine?: number; firstController?: number }) =>
    `серийный номер ${serial} повторяется (${firstLine !== undefined ? `строка ${firstLine}` : `контроллер ${firstController}`})`,
  SERIAL_TAKEN: ({ serial }: { serial: string }) => `серийный номер ${serial} уже зарегистрирован`,
  REPORTING_INTERVAL: ({ min, max }: { min: number; max: number }) => `интервал отчётов — целое число секунд от ${min} до ${max}`,
  METER_KIND: () => 'тип счётчика — ELECTRICITY, COLD_WATER или HOT_WATER',
  ZONES: () => 'число тарифных зон — 1, 2 или 3 (у счётчиков воды — 1)',
  PHASES: () => 'число фаз — 1 или 3 (у счётчиков воды — 1)',
  VERIFICATION_DATE: () => 'дата поверки в виде ГГГГ-ММ-ДД',
} satisfies Record<string, (params: never) => string>;

export type ProvisioningRule = keyof typeof PROVISIONING_RULES;

/** One problem of PROVISIONING_INVALID, as `extensions.problems` carries it. */
export interface ProvisioningProblem {
  line?: number;
  controller?: number;
  /** With `controller`: the meter (1-based, in that controller's list) the problem is in; absent for the controller's own. */
  meter?: number;
  rule: ProvisioningRule;
  params: Params;
}

/** «число фаз — 1 или 3 (у счётчиков воды — 1)»: what is wrong, in Russian. */
export function provisioningRuleText(p: ProvisioningProblem): string {
  return (PROVISIONING_RULES[p.rule] as (params: Params) => string)(p.params);
}

/** «строка 4: число фаз — 1 или 3 (у счётчиков воды — 1)»: a problem in Russian, where it is first. */
export function provisioningProblemText(p: ProvisioningProblem): string {
  const at = p.line !== undefined ? `строка ${p.line}` : `контроллер ${p.controller}${p.meter !== undefined ? `, счётчик ${p.meter}` : ''}`;
  return `${at}: ${provisioningRuleText(p)}`;
}

/** A reason with its params and the Russian message they make: what a ClientError is built from. */
export interface Because {
  reason: Reason;
  params: Params;
  message: string;
}

/** `because('WRONG_CODE_ATTEMPTS_LEFT', { attemptsLeft: 2 })`: the reason, its params and its Russian message. */
export function because<R extends Reason>(reason: R, ...[params]: ReasonParams<R> extends Record<string, never> ? [] : [ReasonParams<R>]): Because {
  const p = (params ?? {}) as Params;
  return { reason, params: p, message: (REASONS[reason] as (p: Params) => string)(p) };
}

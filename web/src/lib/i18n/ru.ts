/**
 * Every word the cabinet shows, in Russian. Components read them through `t` ($lib/i18n); another language
 * is a file of the same shape (`Messages`), so adding one is mechanical. Messages that take values are
 * functions; the API's own error messages arrive in Russian and are shown as they are.
 *
 * The seed's words are kept where it names a control: «Зарегистрироваться», «Войти», «Восстановление
 * пароля», «Отправить», «Продолжить», «Помощь», «Отправить пароль».
 */
import { plural } from '$lib/format/plural';
import { helpRu } from './sections/help';
import { frameRu } from './sections/frame';
import { pwaRu } from './sections/pwa';
import { supportRu } from './sections/support';
import { metersRu } from './sections/meters';
import { readingsRu } from './sections/readings';
import { costsRu } from './sections/costs';
import { alertsRu } from './sections/alerts';

const seconds = (n: number) => `${n} ${plural(n, 'секунду', 'секунды', 'секунд')}`;

/** A phone number that never breaks across lines. */
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');

/** «0:59», «12:00»: how long a countdown still runs. */
const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

export const ru = {
  app: {
    /** BCP 47 tag for Intl (numbers, dates) and <html lang>. */
    locale: 'ru-RU',
    operator: 'Комета',
    section: 'Личный кабинет',
    /** The suffix of every page title. */
    titleSuffix: ' · Комета',
    skipToContent: 'Перейти к содержимому',
  },

  nav: {
    label: 'Разделы кабинета',
    meters: 'Мои счётчики',
    profile: 'Профиль',
    help: 'Помощь',
    signIn: 'Войти',
    signOut: 'Выйти',
    signOutFailed: (message: string) => `Не удалось выйти: ${message}`,
    /** The operators' sections, in the header of every page an operator opens. */
    operator: {
      console: 'Устройства',
      threads: 'Обращения',
      callbacks: 'Звонки',
      alerts: 'Предупреждения',
      suppliers: 'Поставщики',
      feedback: 'Отзывы',
    },
  },

  common: {
    show: 'Показать',
    hide: 'Скрыть',
    retry: 'Повторить',
    save: 'Сохранить',
    cancel: 'Отмена',
    send: 'Отправить',
    continue: 'Продолжить',
    loading: 'Загрузка…',
    optional: 'необязательно',
    /** After a RATE_LIMITED answer, on the button that waits. */
    waitSeconds: (s: number) => `Повторить можно через ${clock(s)}`,
  },

  errors: {
    network: 'Нет связи с сервером. Проверьте подключение к интернету и повторите попытку.',
    generic: 'Не удалось выполнить запрос. Повторите попытку позже.',
    emptyAnswer: 'Сервер прислал пустой ответ',
    sessionEnded: 'Сеанс завершён. Войдите снова.',
  },

  /** Names and units the format modules put on values. */
  format: {
    meterKinds: {
      ELECTRICITY: 'Электроэнергия',
      COLD_WATER: 'Холодная вода',
      HOT_WATER: 'Горячая вода',
    },
    unknownMeterKind: 'Счётчик',
    singleTariff: 'однотарифный',
    tariffs: (n: number) => `${n} ${plural(n, 'тариф', 'тарифа', 'тарифов')}`,
    phases: (n: number) => `${n} ${plural(n, 'фаза', 'фазы', 'фаз')}`,
    quantities: {
      ENERGY: 'Энергия (сумма)',
      ENERGY_T1: 'Энергия T1 (день)',
      ENERGY_T2: 'Энергия T2 (ночь)',
      ENERGY_T3: 'Энергия T3',
      ENERGY_EXPORT: 'Энергия (отдача)',
      POWER: 'Мощность',
      VOLTAGE_L1: 'Напряжение L1',
      VOLTAGE_L2: 'Напряжение L2',
      VOLTAGE_L3: 'Напряжение L3',
      CURRENT_L1: 'Ток L1',
      CURRENT_L2: 'Ток L2',
      CURRENT_L3: 'Ток L3',
      FREQUENCY: 'Частота',
      POWER_FACTOR: 'Коэффициент мощности',
      VOLUME: 'Объём',
      TEMPERATURE: 'Температура',
      RSSI: 'Уровень сигнала',
      BATTERY: 'Заряд батареи',
    },
    units: {
      kWh: 'кВт·ч',
      W: 'Вт',
      V: 'В',
      A: 'А',
      Hz: 'Гц',
      m3: 'м³',
      Cel: '°C',
      dBm: 'дБм',
      percent: '%',
    },
    /** «44 %»: по-русски знак отделяется пробелом, как прочие единицы. */
    percent: (n: string) => `${n} %`,
    justNow: 'только что',
    minutesAgo: (n: number) => `${n} мин назад`,
    hoursAgo: (n: number) => `${n} ч назад`,
  },

  notFound: {
    title: 'Страница не найдена',
    text: 'Такой страницы в личном кабинете нет. Возможно, ссылка устарела или в адресе опечатка.',
    errorTitle: 'Ошибка',
    errorHeading: 'Что-то пошло не так',
    errorText: 'Страницу не удалось открыть. Обновите её или вернитесь позже.',
    toCabinet: 'Перейти в личный кабинет',
  },

  cabinet: {
    title: 'Мои счётчики',
    loading: 'Загрузка счётчиков…',
    loadFailed: 'Не удалось загрузить данные кабинета',
    emptyTitle: 'К кабинету пока не привязаны счётчики',
    emptyText:
      'Счётчики воды и электроэнергии и контроллеры, которые их опрашивают, привязываются к кабинету по серийному номеру и коду с наклейки на приборе.',
    bindNow: 'Привязать приборы',
    noReadings: 'Показаний пока нет',
    liveLabel: 'Показания в реальном времени: ',
    live: {
      connecting: 'подключение…',
      online: 'онлайн',
      reconnecting: 'нет связи, переподключение…',
    },
  },

  phone: {
    label: 'Номер телефона',
    placeholder: '+7 900 123-45-67',
    required: 'Введите номер телефона',
  },

  code: {
    label: 'Код из СМС',
    required: 'Введите код из СМС',
    hint: (length: number, phone: string) => `${length} ${plural(length, 'цифра', 'цифры', 'цифр')}. Код отправлен на номер ${unbroken(phone)} и действует 10 минут.`,
    resendIn: (s: number) => `Новый код можно запросить через ${clock(s)}`,
    resend: 'Отправить код ещё раз',
    resent: 'Новый код отправлен',
    resendLabel: (s: number) => `Отправить код ещё раз можно будет через ${seconds(s)}`,
  },

  password: {
    label: 'Пароль',
    newLabel: 'Новый пароль',
    repeatLabel: 'Повторите пароль',
    currentLabel: 'Текущий пароль',
    required: 'Введите пароль',
    currentRequired: 'Введите текущий пароль',
    repeatRequired: 'Повторите пароль',
    mismatch: 'Пароли не совпадают',
    /** The same words the API uses, shown as soon as a Cyrillic letter is typed. */
    cyrillic: 'Пароль набран в русской раскладке — переключите клавиатуру на английский язык',
    nonAscii: 'Пароль может содержать только латинские буквы, цифры и символы',
    tooShort: (n: number) => `Пароль должен быть не короче ${n} символов`,
    tooLong: (n: number) => `Пароль должен быть не длиннее ${n} символов`,
    rules: (min: number, max: number) =>
      `Латинские буквы, цифры и символы, от ${min} до ${max} знаков. Лучше несколько слов, которые знаете только вы; распространённые пароли не подойдут.`,
  },

  login: {
    title: 'Вход в личный кабинет',
    lead: 'Логин — номер мобильного телефона, указанный при регистрации.',
    submit: 'Войти',
    passwordRequired: 'Введите пароль',
    recovery: 'Восстановление пароля',
    noAccount: 'Ещё нет личного кабинета?',
    register: 'Зарегистрироваться',
  },

  captcha: {
    /** Strings of the ALTCHA widget (its `Strings`); «Я не робот» is the checkbox's name. */
    widget: {
      ariaLinkLabel: 'ALTCHA',
      enterCode: 'Введите код',
      enterCodeAria: 'Введите код, который слышите. Нажмите пробел, чтобы прослушать.',
      error: 'Проверка не удалась. Попробуйте ещё раз.',
      expired: 'Проверка устарела — отметьте «Я не робот» ещё раз.',
      footer: '',
      getAudioChallenge: 'Прослушать код',
      label: 'Я не робот',
      loading: 'Загрузка…',
      reload: 'Обновить',
      verify: 'Проверить',
      verificationRequired: 'Отметьте «Я не робот»',
      verified: 'Проверено',
      verifying: 'Проверяем…',
      waitAlert: 'Идёт проверка, подождите…',
      cancel: 'Отмена',
      enterCodeFromImage: 'Чтобы продолжить, введите код с картинки.',
    },
    required: 'Отметьте «Я не робот»',
    verifying: 'Дождитесь окончания проверки «Я не робот»',
    loadFailed: 'Не удалось загрузить проверку «Я не робот». Обновите страницу.',
    hint: 'Проверка идёт в браузере несколько секунд и никуда не передаёт ваши данные.',
  },

  /** Time zones as the profile's list and every page's «МСК+2» say them. */
  timeZones: {
    /** One option a Russian offset (CUSTOMER_TIME_ZONES): the cities that keep it, after its clock (`clock`). */
    zones: {
      'Europe/Kaliningrad': 'Калининград',
      'Europe/Moscow': 'Москва, Санкт-Петербург',
      'Europe/Samara': 'Самара, Ижевск, Саратов, Ульяновск',
      'Asia/Yekaterinburg': 'Екатеринбург, Пермь, Челябинск, Уфа, Тюмень',
      'Asia/Omsk': 'Омск',
      'Asia/Novosibirsk': 'Новосибирск, Красноярск, Томск, Кемерово',
      'Asia/Irkutsk': 'Иркутск, Улан-Удэ',
      'Asia/Yakutsk': 'Якутск, Чита, Благовещенск',
      'Asia/Vladivostok': 'Владивосток, Хабаровск',
      'Asia/Magadan': 'Магадан, Южно-Сахалинск',
      'Asia/Kamchatka': 'Петропавловск-Камчатский, Анадырь',
    },
    /** The clock beside a time: «МСК», «МСК+2», «МСК−1». */
    clock: (hours: number) => (hours === 0 ? 'МСК' : `МСК${hours > 0 ? '+' : '−'}${Math.abs(hours)}`),
  },

  bind: {
    title: 'Привязка приборов',
    text: 'Здесь можно будет привязать к кабинету счётчики воды и электроэнергии и контроллеры, которые их опрашивают: по серийному номеру и коду с наклейки на приборе.',
    soon: 'Раздел появится в одном из ближайших обновлений кабинета. Пока приборы привязывает служба поддержки.',
    toCabinet: 'Вернуться к счётчикам',
  },

  help: helpRu,

  frame: frameRu,
  support: supportRu,
  pwa: pwaRu,
  meters: metersRu,
  readings: readingsRu,
  costs: costsRu,
  alerts: alertsRu,
};

/** The words every page may need; the rest come with their pages (`Messages`, `loadSections` in ./index). */
export type CoreMessages = typeof ru;

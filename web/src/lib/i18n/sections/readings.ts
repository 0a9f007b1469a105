/** A meter's readings: the period picker, consumption charts and tables, statistics, exports. */
import { plural } from '$lib/format/plural';

type PeriodKind = 'day' | 'week' | 'month' | 'year' | 'custom';
type Resolution = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';
type IntervalState = 'complete' | 'partial' | 'missing' | 'current' | 'future';

export const readingsRu = {
  title: 'Показания и отчёты',
  period: {
    label: 'Период',
    kinds: { day: 'День', week: 'Неделя', month: 'Месяц', year: 'Год', custom: 'Свой период' } as Record<PeriodKind, string>,
    previous: 'Предыдущий период',
    next: 'Следующий период',
    today: 'Сейчас',
    from: 'С',
    to: 'По',
    apply: 'Показать',
    badRange: 'Укажите даты начала и конца периода',
    tooLong: 'Период не длиннее десяти лет',
    resolution: 'Интервал',
    resolutions: { HOUR: 'по часам', DAY: 'по дням', WEEK: 'по неделям', MONTH: 'по месяцам' } as Record<Resolution, string>,
    compare: 'Сравнить',
    compareWith: { none: 'не сравнивать', previous: 'с предыдущим периодом', year: 'с тем же периодом год назад' } as Record<'none' | 'previous' | 'year', string>,
    shown: (period: string) => `Показан период: ${period}`,
  },
  view: {
    label: 'Вид',
    chart: 'График',
    table: 'Таблица',
  },
  loading: 'Загрузка отчёта…',
  loadFailed: 'Не удалось загрузить отчёт',
  noData: 'За этот период показаний нет.',
  noDataHint: 'Выберите другой период или проверьте, что контроллер на связи.',
  notYet: 'Этот период ещё не наступил.',

  summary: {
    title: 'Итого за период',
    total: 'Расход',
    previous: (period: string) => `За ${period}`,
    sameStretch: 'за тот же отрезок, что прошёл в этом периоде',
    change: (text: string) => `${text} к предыдущему периоду`,
    changeYear: (text: string) => `${text} к тому же периоду год назад`,
    /** Either period lacks data over the compared stretch: the totals are shown, no change is claimed. */
    incomplete: 'Изменение не считаем: за один из периодов есть не все данные',
    cost: 'Стоимость',
    costSoFar: 'период ещё идёт',
    costPartial: 'по имеющимся данным',
    tariff: (name: string) => `по тарифу «${name}»`,
    noTariff: 'Стоимость появится, когда у счётчика будет тариф: подключите поставщика в разделе «Передача показаний» или укажите свой тариф.',
    setTariff: 'Указать тариф',
    missing: (n: number) => `${n} ${plural(n, 'интервал', 'интервала', 'интервалов')} без данных`,
    partial: (n: number) => `${n} ${plural(n, 'интервал', 'интервала', 'интервалов')} с неполными данными`,
    incompleteNote:
      'Расход за период посчитан по имеющимся данным и может быть занижен: пропуски не заполняются нулями. Интервал неполный, если в нём есть час без показаний (контроллер не передавал их), сброс счётчика или время до того, как счётчик стал вашим; его стоимость — по часам с показаниями.',
  },

  chart: {
    /** The chart is drawn on a canvas: its name and where the same numbers are in text. */
    label: (period: string) => `График расхода за ${period}. Те же данные — в таблице.`,
    current: 'Этот период',
    previous: 'Предыдущий период',
    missing: 'Нет данных',
    total: 'Всего',
    wholePeriod: 'за весь период',
    loadFailed: 'Не удалось загрузить график. Данные доступны в таблице.',
  },

  table: {
    caption: (period: string) => `Расход за ${period}`,
    interval: 'Интервал',
    consumption: (unit: string) => `Расход, ${unit}`,
    cost: 'Стоимость, ₽',
    previous: 'Предыдущий период',
    change: 'Изменение',
    state: 'Данные',
    states: {
      complete: 'полные',
      partial: 'неполные',
      missing: 'нет данных',
      current: 'идёт сейчас',
      future: 'ещё не наступил',
    } as Record<IntervalState, string>,
    empty: '—',
  },

  stats: {
    title: 'Статистика за период',
    lead: 'По каждой величине, которую передаёт счётчик. Пропуски — промежутки дольше 2,5 интервалов передачи без показаний.',
    quantity: 'Величина',
    count: 'Показаний',
    min: 'Мин.',
    max: 'Макс.',
    average: 'Среднее',
    first: 'Первое',
    last: 'Последнее',
    consumption: 'Расход',
    gaps: 'Пропуски',
    noGaps: 'нет',
    gapsCount: (n: number) => `${n} ${plural(n, 'пропуск', 'пропуска', 'пропусков')}`,
    gap: (from: string, to: string, length: string) => `${from} — ${to} (${length})`,
    empty: 'За этот период показаний нет.',
    loadFailed: 'Не удалось загрузить статистику',
    registers: 'Счётчики расхода',
    instant: 'Мгновенные величины',
  },

  export: {
    title: 'Скачать',
    csv: 'Скачать CSV',
    xlsx: 'Скачать XLSX',
    csvHint: 'CSV для Excel с русскими настройками: разделитель «;», десятичная запятая.',
    preparing: 'Сервер готовит файл…',
    progress: (percent: number) => `Загружено ${percent} %`,
    progressBytes: (size: string) => `Загружено ${size}`,
    done: (name: string) => `Файл ${name} сохранён в загрузки`,
    failed: (message: string) => `Не удалось скачать файл: ${message}`,
    cancel: 'Отменить',
    cancelled: 'Загрузка отменена',
  },

  /** Sizes and lengths of time. */
  units: {
    bytes: (n: string) => `${n} Б`,
    kilobytes: (n: string) => `${n} КБ`,
    megabytes: (n: string) => `${n} МБ`,
    seconds: (n: number) => `${n} с`,
    minutes: (n: number) => `${n} мин`,
    hours: (n: number) => `${n} ч`,
    days: (n: number) => `${n} дн.`,
    change: (sign: string, percent: string) => `${sign}${percent} %`,
  },
};

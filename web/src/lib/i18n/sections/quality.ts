/** Power quality of an electricity meter: series per phase, and the weekly compliance report. */
import { REQUIREMENTS } from '@askue/api/requirements';
import { plural } from '$lib/format/plural';

type Aggregation = 'RAW' | 'MINUTE' | 'TEN_MINUTES' | 'HOUR';
type EventKind = 'DIP' | 'SWELL' | 'INTERRUPTION';
/** The API's NormRequirement codes. */
export type NormRequirement = 'EN50160_VOLTAGE' | 'EN50160_FREQUENCY' | 'GOST32144_VOLTAGE' | 'GOST32144_FREQUENCY_02' | 'GOST32144_FREQUENCY_04';

export const qualityRu = {
  title: 'Качество сети',
  lead: 'Напряжение, ток, частота и коэффициент мощности по фазам, и соответствие напряжения и частоты нормам качества электроэнергии.',
  onlyElectricity: 'Качество сети измеряют только счётчики электроэнергии.',

  compliance: {
    title: 'Соответствие нормам за неделю',
    week: (range: string) => `Неделя ${range}`,
    previousWeek: 'Предыдущая неделя',
    nextWeek: 'Следующая неделя',
    thisWeek: 'Эта неделя',
    norms: 'Нормы',
    normsLead:
      'EN 50160 — европейский стандарт напряжения в сетях общего назначения; ГОСТ 32144-2013 — российский стандарт качества электроэнергии, строже по напряжению и частоте. Оценка — по 10-минутным средним значениям.',
    /** Each requirement judged: the norm's name and the requirement, by the API's code. */
    requirements: Object.fromEntries(Object.entries(REQUIREMENTS).map(([code, r]) => [code, { norm: r.norm, text: r.requirement }])) as Record<NormRequirement, { norm: string; text: string }>,
    met: 'соответствует',
    notMet: 'не соответствует',
    unknown: 'недостаточно данных',
    coverage: (n: number, of: number, percent: number) => `${n} из ${of} ${of % 10 === 1 && of % 100 !== 11 ? 'интервала' : 'интервалов'}, ${percent} %`,
    coverageNeeded: (minimum: number) => `для оценки нужно не меньше ${minimum}`,
    voltage: 'Напряжение',
    voltageLead: (nominal: string) => `Доля 10-минутных интервалов, в которых среднее напряжение в пределах ±10 % от ${nominal}.`,
    phase: 'Фаза',
    within: 'В пределах ±10 %',
    measured: 'Интервалов с данными',
    measuredOf: (n: number, of: number) => `${n} из ${of}`,
    range: 'Мин. — макс.',
    frequency: 'Частота',
    frequencyLead: 'Доля 10-минутных интервалов со средней частотой в пределах отклонения от 50 Гц.',
    band: 'Отклонение',
    share: 'Доля интервалов',
    bands: { within02Hz: '±0,2 Гц', within04Hz: '±0,4 Гц', within1Percent: '±1 % (±0,5 Гц)' },
    events: 'События',
    eventsLead: 'Провалы — напряжение ниже 90 % номинального, перенапряжения — выше 110 %, прерывания — ниже 5 %.',
    noEvents: 'За неделю событий не было.',
    eventKind: 'Событие',
    eventKinds: { DIP: 'Провал напряжения', SWELL: 'Перенапряжение', INTERRUPTION: 'Прерывание' } as Record<EventKind, string>,
    start: 'Начало',
    duration: 'Длительность',
    extreme: 'Напряжение',
    eventsCount: (n: number) => `${n} ${plural(n, 'событие', 'события', 'событий')}`,
    noData: 'За эту неделю данных о напряжении нет.',
    loadFailed: 'Не удалось загрузить отчёт о качестве',
    loading: 'Загрузка отчёта о качестве…',
    phaseName: (phase: number) => `L${phase}`,
  },

  series: {
    title: 'Графики',
    aggregation: 'Усреднение',
    aggregations: { RAW: 'без усреднения', MINUTE: '1 минута', TEN_MINUTES: '10 минут', HOUR: '1 час' } as Record<Aggregation, string>,
    bandsNote: 'Линия — среднее за интервал усреднения, полоса — от минимума до максимума.',
    voltage: 'Напряжение по фазам',
    current: 'Ток по фазам',
    frequency: 'Частота',
    powerFactor: 'Коэффициент мощности',
    limits: (low: string, high: string) => `Пунктир — границы нормы: ${low} и ${high}.`,
    min: 'мин.',
    max: 'макс.',
    average: 'среднее',
    time: 'Время',
    chartLabel: (what: string, period: string) => `${what} за ${period}. Те же данные — в таблице под графиком.`,
    showTable: 'Таблица значений',
    tableLimited: (shown: number, total: number) =>
      `Показаны последние ${shown} из ${total} точек. Все точки — в файле CSV или XLSX, или выберите усреднение крупнее.`,
    noData: 'За этот период нет данных.',
    loadFailed: 'Не удалось загрузить графики',
    loading: 'Загрузка графиков…',
  },
};

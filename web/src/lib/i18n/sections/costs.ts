/** «Расходы в рублях»: the account's money month by month, by resource and by meter. */
import { plural } from '$lib/format/plural';

type Column = 'electricity' | 'coldWater' | 'hotWater' | 'sewerage' | 'fixed' | 'total';
type MonthState = 'so-far' | 'complete' | 'incomplete' | 'no-data';

export const costsRu = {
  title: 'Расходы в рублях',
  /** The header's section and the link on the meters page. */
  nav: 'Расходы',
  link: 'Расходы в рублях',
  lead: 'Сколько стоили электроэнергия и вода по тарифам — месяц за месяцем. Суммы посчитаны по показаниям счётчиков и могут на несколько копеек отличаться от квитанции поставщика.',
  loading: 'Загружаем расходы…',
  loadFailed: 'Не удалось загрузить расходы',

  emptyTitle: 'Расходов пока нет',
  emptyText:
    'Расходы в рублях появятся, когда счётчик подключён к поставщику, у которого есть тарифы, или для счётчика задан «свой тариф». Подключить поставщика можно на странице счётчика, в разделе «Передача показаний».',
  toMeters: 'Перейти к счётчикам',
  noData: 'Тарифы есть, но показаний за эти месяцы пока нет: суммы появятся, когда счётчики передадут показания.',

  month: {
    title: 'Этот месяц',
    soFar: 'На сегодня',
    forecast: 'Прогноз на месяц',
    forecastHint: 'сумма прогнозов счётчиков: по среднему дню из последних полных дней, с абонентской платой',
    noForecast: 'прогноз появится после первого полного дня с показаниями',
    without: (n: number) => `без ${n} ${plural(n, 'счётчика', 'счётчиков', 'счётчиков')}: по ${n === 1 ? 'нему' : 'ним'} ещё нет полного дня показаний`,
    lastMonth: 'Прошлый месяц',
    /** The forecast against last month: `by` an amount, `percent` whole per cent or null. */
    change: (by: string, percent: number | null, more: boolean) => `прогноз на ${by}${percent === null ? '' : ` (${percent} %)`} ${more ? 'больше' : 'меньше'}`,
    same: 'прогноз такой же',
    lastIncomplete: 'в прошлом месяце были часы без показаний — сумма по имеющимся',
  },

  chart: {
    title: 'По месяцам',
    label: (period: string) => `Диаграмма расходов по месяцам, ${period}. Те же суммы — в таблице ниже.`,
    month: 'Месяц',
    total: 'Итого',
    soFar: 'Текущий месяц (пока)',
  },

  table: {
    title: 'Таблица расходов',
    caption: (period: string) => `Расходы по месяцам (${period}), новые сверху`,
    month: 'Месяц',
    columns: {
      electricity: 'Электроэнергия',
      coldWater: 'Холодная вода',
      hotWater: 'Горячая вода',
      sewerage: 'Водоотведение',
      fixed: 'Абонентская плата',
      total: 'Итого',
    } satisfies Record<Column, string>,
    states: {
      'so-far': 'пока',
      complete: '',
      incomplete: 'неполные данные',
      'no-data': '',
    } satisfies Record<MonthState, string>,
    /** What «пока» means, for screen readers and the tooltip. */
    soFarHint: 'месяц ещё идёт: сумма по сегодняшний день',
    periodTotal: (months: number) => `Всего за ${months} ${plural(months, 'месяц', 'месяца', 'месяцев')}`,
    periodTotalHint: 'сумма месяцев выше, текущий — по сегодняшний день',
  },

  notes: {
    dash: '«—» — нет тарифа или показаний: это не ноль.',
    incomplete: 'Где «неполные данные», за часть часов месяца показаний нет: сумма посчитана по часам, за которые они есть.',
  },

  meters: {
    title: 'По счётчикам',
    lead: 'Сумма счётчика включает абонентскую плату его тарифа.',
    summary: (month: string, total: string) => `${month}: ${total}`,
    none: 'Ни у одного счётчика нет тарифа за этот месяц.',
    emptyLeftOut: 'Месяцы без расходов — «—» в таблице выше — здесь не показаны.',
    incomplete: 'неполные данные',
  },
};

export const costsEn: typeof costsRu = {
  title: 'Costs in roubles',
  nav: 'Costs',
  link: 'Costs in roubles',
  lead: 'What electricity and water cost at your tariffs, month by month. The amounts come from your meters’ readings and may differ from the supplier’s bill by a few kopecks.',
  loading: 'Loading costs…',
  loadFailed: 'Could not load the costs',

  emptyTitle: 'No costs yet',
  emptyText:
    'Costs in roubles appear once a meter is linked to a supplier that has tariffs, or has a tariff of your own. Link a supplier on the meter’s page, under «Submitting readings».',
  toMeters: 'Go to my meters',
  noData: 'There are tariffs, but no readings for these months yet: the amounts appear once the meters send readings.',

  month: {
    title: 'This month',
    soFar: 'So far',
    forecast: 'Forecast for the month',
    forecastHint: 'the meters’ forecasts summed: from the average of the last whole days, standing charges included',
    noForecast: 'the forecast appears after the first whole day with readings',
    without: (n) => `without ${n} ${n === 1 ? 'meter' : 'meters'} that ${n === 1 ? 'has' : 'have'} no whole day of readings yet`,
    lastMonth: 'Last month',
    change: (by, percent, more) => `the forecast is ${by}${percent === null ? '' : ` (${percent}%)`} ${more ? 'more' : 'less'}`,
    same: 'the forecast is the same',
    lastIncomplete: 'last month had hours without readings — the sum of those there were',
  },

  chart: {
    title: 'By month',
    label: (period) => `Chart of the monthly costs, ${period}. The same amounts are in the table below.`,
    month: 'Month',
    total: 'Total',
    soFar: 'This month (so far)',
  },

  table: {
    title: 'Cost table',
    caption: (period) => `Costs by month (${period}), newest first`,
    month: 'Month',
    columns: {
      electricity: 'Electricity',
      coldWater: 'Cold water',
      hotWater: 'Hot water',
      sewerage: 'Sewerage',
      fixed: 'Standing charge',
      total: 'Total',
    },
    states: {
      'so-far': 'so far',
      complete: '',
      incomplete: 'incomplete data',
      'no-data': '',
    },
    soFarHint: 'the month is not over: the amount up to today',
    periodTotal: (months) => `Total for ${months} ${months === 1 ? 'month' : 'months'}`,
    periodTotalHint: 'the sum of the months above, the current one up to today',
  },

  notes: {
    dash: '«—» means no tariff or no readings: it is not zero.',
    incomplete: 'Where it says «incomplete data», some hours of the month have no readings: the amount covers the hours that have them.',
  },

  meters: {
    title: 'By meter',
    lead: 'A meter’s amount includes its tariff’s standing charge.',
    summary: (month, total) => `${month}: ${total}`,
    none: 'No meter has a tariff for this month.',
    emptyLeftOut: 'Months without costs — «—» in the table above — are left out here.',
    incomplete: 'incomplete data',
  },
};

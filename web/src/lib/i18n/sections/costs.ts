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

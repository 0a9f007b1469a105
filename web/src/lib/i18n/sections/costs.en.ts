/** costsRu in English (its own module: the Russian majority's first load does not carry it). */
import type { costsRu } from './costs';

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

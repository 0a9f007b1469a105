/** A meter's readings: consumption reports, statistics, chart series, power quality and live measurements. */
import { NEXT_PAGE_FIELDS, READING_FIELDS } from './fragments.js';
import { graphql, type ResultOf } from './graphql.js';

/** Intervals per request: within the API's page and query-cost limits with the cost fields (a year of days in one page). */
export const CONSUMPTION_PAGE = 400;

export const CONSUMPTION_QUERY = graphql(`
  query Consumption($id: ID!, $resolution: Resolution!, $from: DateTime!, $to: DateTime!, $timeZone: String, $first: Int!, $after: String) {
    viewer {
      meter(id: $id) {
        consumption(resolution: $resolution, from: $from, to: $to, timeZone: $timeZone, first: $first, after: $after) {
          unit
          timeZone
          total
          complete
          totalCount
          pricedTotalCost {
            kopecks
          }
          tariff {
            id
            name
            own
          }
          pageInfo {
            ...NextPageFields
          }
          edges {
            node {
              from
              to
              consumption
              complete
              cost {
                kopecks
              }
              pricedCost {
                kopecks
              }
              zones {
                zone
                name
                consumption
                cost {
                  kopecks
                }
              }
            }
          }
        }
      }
    }
  }
`, [NEXT_PAGE_FIELDS]);

export const STATISTICS_QUERY = graphql(`
  query Statistics($id: ID!, $from: DateTime!, $to: DateTime!) {
    viewer {
      meter(id: $id) {
        statistics(from: $from, to: $to) {
          quantity
          unit
          count
          min
          max
          average
          consumption
          first {
            value
            time
          }
          last {
            value
            time
          }
          gaps {
            from
            to
          }
        }
      }
    }
  }
`);

export const SERIES_QUERY = graphql(`
  query Series($id: ID!, $quantities: [Quantity!]!, $from: DateTime!, $to: DateTime!, $aggregation: Aggregation!) {
    viewer {
      meter(id: $id) {
        series(quantities: $quantities, from: $from, to: $to, aggregation: $aggregation) {
          quantity
          unit
          points {
            time
            min
            max
            average
            count
          }
        }
      }
    }
  }
`);

export const QUALITY_REPORT_QUERY = graphql(`
  query QualityReport($id: ID!, $weekOf: DateTime!, $timeZone: String) {
    viewer {
      meter(id: $id) {
        qualityReport(weekOf: $weekOf, timeZone: $timeZone) {
          from
          to
          nominalVoltage
          expectedIntervals
          minimumIntervals
          phases {
            phase
            measuredIntervals
            withinTenPercent
            min
            max
          }
          frequency {
            measuredIntervals
            within02Hz
            within04Hz
            within1Percent
          }
          events {
            kind
            phase
            start
            end
            extreme
          }
          norms {
            code
            norm
            requirement
            met
            measuredIntervals
          }
        }
      }
    }
  }
`);

/** Snapshots of one electricity meter; `since` replays what was missed (updated in place as they arrive). */
export const LIVE_MEASUREMENT_SUBSCRIPTION = graphql(`
  subscription LiveMeasurement($meterId: ID!, $since: DateTime) {
    liveMeasurement(meterId: $meterId, since: $since) {
      meterId
      time
      power
      voltage
      current
      powerFactor
      frequency
      consumptionToday
      registers {
        ...ReadingFields
      }
    }
  }
`, [READING_FIELDS]);

/** Readings of the given meters; `since` replays what was missed (updated in place as they arrive). */
export const METER_READINGS_SUBSCRIPTION = graphql(`
  subscription MeterReadings($meterIds: [ID!], $since: DateTime) {
    readingAdded(meterIds: $meterIds, since: $since) {
      ...ReadingFields
    }
  }
`, [READING_FIELDS]);

type MeterField<D extends { viewer: { meter: unknown } | null }> = NonNullable<NonNullable<D['viewer']>['meter']>;

export type ConsumptionPage = MeterField<ResultOf<typeof CONSUMPTION_QUERY>>['consumption'];
export type ConsumptionInterval = ConsumptionPage['edges'][number]['node'];
export type ZoneConsumption = ConsumptionInterval['zones'][number];
export type QuantityStatistics = MeterField<ResultOf<typeof STATISTICS_QUERY>>['statistics'][number];
export type Series = MeterField<ResultOf<typeof SERIES_QUERY>>['series'][number];
export type SeriesPoint = Series['points'][number];
/** `minimumIntervals`: intervals a verdict needs measured (95 % of the week). */
export type QualityReport = MeterField<ResultOf<typeof QUALITY_REPORT_QUERY>>['qualityReport'];
/** `consumptionToday`: kWh since local midnight. */
export type LiveMeasurement = ResultOf<typeof LIVE_MEASUREMENT_SUBSCRIPTION>['liveMeasurement'];

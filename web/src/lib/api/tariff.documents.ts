/** A meter's money: the tariff pricing it, today / month to date / forecast, the tariff comparison, «свой тариф». */
import { graphql, type ResultOf, type VariablesOf } from './graphql.js';

export const TARIFF_FIELDS = graphql(`
  fragment TariffFields on Tariff {
    id
    name
    own
    resource
    scheme
    timeZone
    supplier {
      id
      name
    }
    versions {
      effectiveFrom
      scheme
      zoneHours {
        zone
        hours {
          from
          to
        }
      }
      tiers {
        uptoKwh
        prices {
          zone
          price
        }
      }
      coldPrice
      hotPrice
      seweragePrice
      monthlyCharge {
        kopecks
      }
    }
  }
`);

export const METER_COST_QUERY = graphql(
  `
    query MeterCost($id: ID!) {
      viewer {
        meter(id: $id) {
          id
          tariff {
            ...TariffFields
          }
          costOverview {
            today {
              kopecks
            }
            monthToDate {
              kopecks
            }
            monthToDateComplete
            forecast {
              kopecks
            }
            forecastMethod
            forecastDays
            monthStart
            monthEnd
            timeZone
          }
          alertSettings {
            monthBudget {
              kopecks
            }
          }
        }
      }
    }
  `,
  [TARIFF_FIELDS],
);

export const TARIFF_COMPARISON_QUERY = graphql(`
  query TariffComparison($id: ID!) {
    viewer {
      meter(id: $id) {
        id
        tariffComparison {
          from
          to
          hoursExpected
          hoursPresent
          completeness
          current {
            id
          }
          cheapest {
            id
          }
          candidates {
            tariff {
              id
              name
            }
            scheme
            cost {
              kopecks
            }
            pricedCost {
              kopecks
            }
            saving {
              kopecks
            }
          }
        }
      }
    }
  }
`);

export const SET_MY_TARIFF_MUTATION = graphql(
  `
    mutation SetMyTariff($meterId: ID!, $version: TariffVersionInput!, $name: String) {
      setMyTariff(meterId: $meterId, version: $version, name: $name) {
        ...TariffFields
      }
    }
  `,
  [TARIFF_FIELDS],
);

export const REMOVE_MY_TARIFF_MUTATION = graphql(`
  mutation RemoveMyTariff($meterId: ID!) {
    removeMyTariff(meterId: $meterId)
  }
`);

export type Tariff = ResultOf<typeof TARIFF_FIELDS>;
export type TariffVersion = Tariff['versions'][number];
type CostMeter = NonNullable<NonNullable<ResultOf<typeof METER_COST_QUERY>['viewer']>['meter']>;
export type CostOverview = NonNullable<CostMeter['costOverview']>;
export type TariffComparison = NonNullable<NonNullable<ResultOf<typeof TARIFF_COMPARISON_QUERY>['viewer']>['meter']>['tariffComparison'];
export type TariffVersionInput = VariablesOf<typeof SET_MY_TARIFF_MUTATION>['version'];

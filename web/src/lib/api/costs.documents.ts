/**
 * «Расходы в рублях»: the account's money month by month across its meters (api/docs/money.md for the units and
 * the rounding). Amounts are read from `kopecks` (exact integers as a string); `amount` is not asked for, since
 * the cabinet formats the kopecks itself.
 */
import { graphql, type ResultOf } from './graphql.js';
import { ACCOUNT_FIELDS } from './fragments.js';

export const MONEY_FIELDS = graphql(`
  fragment MoneyFields on Money {
    kopecks
    currency
  }
`);

export const ACCOUNT_MONTH_COST_FIELDS = graphql(
  `
    fragment AccountMonthCostFields on AccountMonthCost {
      from
      to
      electricity {
        ...MoneyFields
      }
      coldWater {
        ...MoneyFields
      }
      hotWater {
        ...MoneyFields
      }
      sewerage {
        ...MoneyFields
      }
      fixedCharges {
        ...MoneyFields
      }
      total {
        ...MoneyFields
      }
      complete
      meters {
        meter {
          id
          serial
          kind
          label
        }
        cost {
          ...MoneyFields
        }
        complete
      }
    }
  `,
  [MONEY_FIELDS],
);

/** The last `months` months (oldest first, the current one so far) in the account's time zone, and the account. */
export const MONTHLY_COSTS_QUERY = graphql(
  `
    query MonthlyCosts($months: Int!) {
      viewer {
        mustChangePassword
        account {
          ...AccountFields
          timeZone
        }
        monthlyCosts(months: $months) {
          ...AccountMonthCostFields
        }
        meters {
          id
          costOverview {
            forecast {
              kopecks
            }
          }
        }
      }
    }
  `,
  [ACCOUNT_FIELDS, ACCOUNT_MONTH_COST_FIELDS],
);

export type AccountMonthCost = ResultOf<typeof ACCOUNT_MONTH_COST_FIELDS>;
export type MeterMonthCost = AccountMonthCost['meters'][number];

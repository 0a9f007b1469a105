/**
 * Operators' tariffs of a supplier: the list with every version, a new tariff with its first version, a rename and
 * new prices from a date.
 */
import { graphql, type ResultOf, type VariablesOf } from './graphql.js';

/**
 * A supplier's tariff as its page shows it: the meter page's `TariffFields` without `supplier` (the page is the
 * supplier's) — and without it on purpose: `renameTariff` and `addTariffVersion` answer `supplier { name }` with
 * INTERNAL_SERVER_ERROR (the API returns the tariff with its supplier not loaded), although the change is saved.
 */
export const SUPPLIER_TARIFF_FIELDS = graphql(`
  fragment SupplierTariffFields on Tariff {
    id
    name
    resource
    scheme
    timeZone
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

export const SUPPLIER_TARIFFS_QUERY = graphql(
  `
    query SupplierTariffs($supplierId: ID!) {
      supplierTariffs(supplierId: $supplierId) {
        ...SupplierTariffFields
      }
    }
  `,
  [SUPPLIER_TARIFF_FIELDS],
);

export const CREATE_TARIFF_MUTATION = graphql(
  `
    mutation CreateTariff($supplierId: ID!, $resource: TariffResource!, $name: String!, $version: TariffVersionInput!) {
      createTariff(supplierId: $supplierId, resource: $resource, name: $name, version: $version) {
        ...SupplierTariffFields
      }
    }
  `,
  [SUPPLIER_TARIFF_FIELDS],
);

export const RENAME_TARIFF_MUTATION = graphql(
  `
    mutation RenameTariff($id: ID!, $name: String!) {
      renameTariff(id: $id, name: $name) {
        ...SupplierTariffFields
      }
    }
  `,
  [SUPPLIER_TARIFF_FIELDS],
);

export const ADD_TARIFF_VERSION_MUTATION = graphql(
  `
    mutation AddTariffVersion($tariffId: ID!, $version: TariffVersionInput!) {
      addTariffVersion(tariffId: $tariffId, version: $version) {
        ...SupplierTariffFields
      }
    }
  `,
  [SUPPLIER_TARIFF_FIELDS],
);

export type SupplierTariff = ResultOf<typeof SUPPLIER_TARIFF_FIELDS>;
export type TariffResource = VariablesOf<typeof CREATE_TARIFF_MUTATION>['resource'];

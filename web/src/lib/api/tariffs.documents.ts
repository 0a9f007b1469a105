/**
 * Operators' tariffs of a supplier: the list with every version, a new tariff with its first version, a rename and
 * new prices from a date.
 */
import { graphql, type ResultOf, type VariablesOf } from './graphql.js';
import { TARIFF_FIELDS } from './tariff.documents.js';

export const SUPPLIER_TARIFFS_QUERY = graphql(
  `
    query SupplierTariffs($supplierId: ID!) {
      supplierTariffs(supplierId: $supplierId) {
        ...TariffFields
      }
    }
  `,
  [TARIFF_FIELDS],
);

export const CREATE_TARIFF_MUTATION = graphql(
  `
    mutation CreateTariff($supplierId: ID!, $resource: TariffResource!, $name: String!, $version: TariffVersionInput!) {
      createTariff(supplierId: $supplierId, resource: $resource, name: $name, version: $version) {
        ...TariffFields
      }
    }
  `,
  [TARIFF_FIELDS],
);

export const RENAME_TARIFF_MUTATION = graphql(
  `
    mutation RenameTariff($id: ID!, $name: String!) {
      renameTariff(id: $id, name: $name) {
        ...TariffFields
      }
    }
  `,
  [TARIFF_FIELDS],
);

export const ADD_TARIFF_VERSION_MUTATION = graphql(
  `
    mutation AddTariffVersion($tariffId: ID!, $version: TariffVersionInput!) {
      addTariffVersion(tariffId: $tariffId, version: $version) {
        ...TariffFields
      }
    }
  `,
  [TARIFF_FIELDS],
);

export type SupplierTariff = ResultOf<typeof TARIFF_FIELDS>;
export type TariffResource = VariablesOf<typeof CREATE_TARIFF_MUTATION>['resource'];

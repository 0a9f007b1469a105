/** Operators' tariffs of a supplier: listed with their versions, created, renamed, and given new prices from a date. */
import { mutate, query } from './connection.js';
import type { TariffVersionInput } from './tariff.documents.js';
import {
  ADD_TARIFF_VERSION_MUTATION,
  CREATE_TARIFF_MUTATION,
  RENAME_TARIFF_MUTATION,
  SUPPLIER_TARIFFS_QUERY,
  type SupplierTariff,
  type TariffResource,
} from './tariffs.documents.js';

export type { SupplierTariff, TariffResource, TariffVersionInput };

/** A supplier's tariffs by name, each with its versions oldest first. */
export async function fetchSupplierTariffs(supplierId: string): Promise<SupplierTariff[]> {
  return (await query(SUPPLIER_TARIFFS_QUERY, { supplierId })).supplierTariffs;
}

/** A new tariff of the supplier, priced from its first version's date. */
export async function createTariff(supplierId: string, resource: TariffResource, name: string, version: TariffVersionInput): Promise<SupplierTariff> {
  return (await mutate(CREATE_TARIFF_MUTATION, { supplierId, resource, name, version })).createTariff;
}

export async function renameTariff(id: string, name: string): Promise<SupplierTariff> {
  return (await mutate(RENAME_TARIFF_MUTATION, { id, name })).renameTariff;
}

/** New prices from a date (a version on the same date replaces it); the hours before it keep their prices. */
export async function addTariffVersion(tariffId: string, version: TariffVersionInput): Promise<SupplierTariff> {
  return (await mutate(ADD_TARIFF_VERSION_MUTATION, { tariffId, version })).addTariffVersion;
}

/** The operator's console: controllers and meters, provisioning (one by one and from CSV), tokens and claim labels. */
import { mutate, query } from './connection.js';
import {
  CUSTOMER_DEVICES_QUERY,
  DEVICES_QUERY,
  IMPORT_DEVICES_MUTATION,
  ISSUE_CLAIM_CODE_MUTATION,
  PROVISION_CONTROLLER_MUTATION,
  REVOKE_DEVICE_MUTATION,
  ROTATE_DEVICE_TOKEN_MUTATION,
  SET_REPORTING_INTERVAL_MUTATION,
  type CustomerController,
  type DeviceLabel,
  type NewControllerInput,
  type OperatorController,
  type ProvisionedController,
} from './operator.documents.js';

export type { CustomerController, DeviceLabel, NewControllerInput, OperatorController, ProvisionedController };

/** How many controllers the console lists at once; a narrower search finds the rest. */
export const DEVICES_PAGE = 50;

/** Operators: controllers whose serial starts with `search` (all when empty), newest first. */
export async function fetchDevices(search: string): Promise<OperatorController[]> {
  return (await query(DEVICES_QUERY, { search, first: DEVICES_PAGE })).devices;
}

/** Operators: the controllers a customer has now (bound themselves or through a meter), for support. */
export async function fetchCustomerDevices(customerId: string): Promise<CustomerController[]> {
  return (await query(CUSTOMER_DEVICES_QUERY, { customer: customerId })).devices;
}

/** A controller with its meters; the device token and claim labels come back only now. */
export async function provisionController(input: NewControllerInput): Promise<ProvisionedController> {
  return (await mutate(PROVISION_CONTROLLER_MUTATION, { input })).provisionController;
}

/** Controllers and meters from a CSV file: all or nothing, problems named by line. */
export async function importDevices(csv: string): Promise<ProvisionedController[]> {
  return (await mutate(IMPORT_DEVICES_MUTATION, { csv })).importDevices;
}

/** A new device token for the controller (shown once); the old one stops working at once. */
export async function rotateDeviceToken(serial: string): Promise<string> {
  return (await mutate(ROTATE_DEVICE_TOKEN_MUTATION, { serial })).rotateDeviceToken;
}

/** A new claim code and QR code for a controller or meter; the old code stops working. */
export async function issueClaimCode(serial: string): Promise<DeviceLabel> {
  return (await mutate(ISSUE_CLAIM_CODE_MUTATION, { serial })).issueClaimCode;
}

/** Takes a controller out of service: its tokens stop working and it cannot be bound. */
export async function revokeDevice(serial: string): Promise<OperatorController> {
  return (await mutate(REVOKE_DEVICE_MUTATION, { serial })).revokeDevice;
}

export async function setReportingInterval(serial: string, seconds: number): Promise<OperatorController> {
  return (await mutate(SET_REPORTING_INTERVAL_MUTATION, { serial, seconds })).setReportingInterval;
}

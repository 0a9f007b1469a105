/** The operator's console: controllers and meters, provisioning (one by one and from CSV), tokens and claim labels. */
import { graphql, type ResultOf, type VariablesOf } from './graphql.js';

export const OPERATOR_CONTROLLER_FIELDS = graphql(`
  fragment OperatorControllerFields on Controller {
    id
    serial
    model
    firmware
    status
    lastSeenAt
    reportingIntervalS
    batteryPct
    signalDbm
    meters {
      id
      serial
      kind
      model
      installAddress
      verificationDue
      verificationCertificate
    }
  }
`);

export const DEVICE_LABEL_FIELDS = graphql(`
  fragment DeviceLabelFields on DeviceLabel {
    kind
    serial
    claimCode
    bindUrl
    qrSvg
  }
`);

export const PROVISIONED_FIELDS = graphql(
  `
    fragment ProvisionedFields on ProvisionedController {
      deviceToken
      controller {
        ...OperatorControllerFields
      }
      labels {
        ...DeviceLabelFields
      }
    }
  `,
  [OPERATOR_CONTROLLER_FIELDS, DEVICE_LABEL_FIELDS],
);

export const DEVICES_QUERY = graphql(
  `
    query OperatorDevices($search: String!, $first: Int!) {
      devices(search: $search, first: $first) {
        ...OperatorControllerFields
      }
    }
  `,
  [OPERATOR_CONTROLLER_FIELDS],
);

/** A customer's controllers with that customer's meters only (a neighbour's meter on the same modem left out). */
export const CUSTOMER_DEVICES_QUERY = graphql(`
  query CustomerDevices($customer: ID!) {
    devices(customer: $customer, first: 50) {
      id
      serial
      status
      lastSeenAt
      meters(customer: $customer) {
        id
        serial
        kind
      }
    }
  }
`);

export type CustomerController = ResultOf<typeof CUSTOMER_DEVICES_QUERY>['devices'][number];

export const PROVISION_CONTROLLER_MUTATION = graphql(
  `
    mutation ProvisionController($input: NewControllerInput!) {
      provisionController(input: $input) {
        ...ProvisionedFields
      }
    }
  `,
  [PROVISIONED_FIELDS],
);

export const IMPORT_DEVICES_MUTATION = graphql(
  `
    mutation ImportDevices($csv: String!) {
      importDevices(csv: $csv) {
        ...ProvisionedFields
      }
    }
  `,
  [PROVISIONED_FIELDS],
);

export const ROTATE_DEVICE_TOKEN_MUTATION = graphql(`
  mutation RotateDeviceToken($serial: String!) {
    rotateDeviceToken(serial: $serial)
  }
`);

export const ISSUE_CLAIM_CODE_MUTATION = graphql(
  `
    mutation IssueClaimCode($serial: String!) {
      issueClaimCode(serial: $serial) {
        ...DeviceLabelFields
      }
    }
  `,
  [DEVICE_LABEL_FIELDS],
);

export const REVOKE_DEVICE_MUTATION = graphql(
  `
    mutation RevokeDevice($serial: String!) {
      revokeDevice(serial: $serial) {
        ...OperatorControllerFields
      }
    }
  `,
  [OPERATOR_CONTROLLER_FIELDS],
);

export const SET_REPORTING_INTERVAL_MUTATION = graphql(
  `
    mutation SetReportingInterval($serial: String!, $seconds: Int!) {
      setReportingInterval(serial: $serial, seconds: $seconds) {
        ...OperatorControllerFields
      }
    }
  `,
  [OPERATOR_CONTROLLER_FIELDS],
);

export type OperatorController = ResultOf<typeof OPERATOR_CONTROLLER_FIELDS>;
export type DeviceLabel = ResultOf<typeof DEVICE_LABEL_FIELDS>;
export type ProvisionedController = ResultOf<typeof PROVISIONED_FIELDS>;
export type NewControllerInput = VariablesOf<typeof PROVISION_CONTROLLER_MUTATION>['input'];

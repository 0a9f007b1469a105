/** Meters and controllers: the cabinet's list, a meter's page, binding, labels and the readings stream. */
import { ACCOUNT_FIELDS, CONTROLLER_HEALTH_FIELDS, OPEN_ALERT_FIELDS, READING_FIELDS } from './fragments.js';
import { graphql, type ResultOf } from './graphql.js';

export const CABINET_QUERY = graphql(`
  query Cabinet {
    viewer {
      mustChangePassword
      account {
        ...AccountFields
      }
      meters {
        id
        serial
        kind
        model
        zones
        phases
        label
        verificationDue
        controller {
          ...ControllerHealthFields
        }
        lastReadings {
          ...ReadingFields
        }
      }
      controllers {
        ...ControllerHealthFields
      }
      # What is wrong now, on the card of the meter it concerns.
      alerts(first: 50, open: true) {
        edges {
          node {
            ...OpenAlertFields
          }
        }
      }
    }
  }
`, [ACCOUNT_FIELDS, READING_FIELDS, CONTROLLER_HEALTH_FIELDS, OPEN_ALERT_FIELDS]);

/** Without `meterIds` the API streams every meter bound to the viewer when the subscription starts. */
export const READING_ADDED_SUBSCRIPTION = graphql(`
  subscription ReadingAdded {
    readingAdded {
      ...ReadingFields
    }
  }
`, [READING_FIELDS]);

export const CONTROLLER_DETAILS_FIELDS = graphql(`
  fragment ControllerDetailsFields on Controller {
    ...ControllerHealthFields
    model
    firmware
    signalDbm
    batteryPct
    boundToViewer
    meters {
      id
      serial
      kind
      label
    }
  }
`, [CONTROLLER_HEALTH_FIELDS]);

export const METER_PAGE_QUERY = graphql(`
  query MeterPage($id: ID!) {
    viewer {
      account {
        ...AccountFields
        timeZone
      }
      meter(id: $id) {
        id
        serial
        kind
        model
        zones
        phases
        label
        installAddress
        verificationDue
        verificationCertificate
        controller {
          ...ControllerDetailsFields
        }
        lastReadings {
          ...ReadingFields
        }
      }
      alerts(first: 50, open: true) {
        edges {
          node {
            ...OpenAlertFields
          }
        }
      }
    }
  }
`, [ACCOUNT_FIELDS, READING_FIELDS, CONTROLLER_DETAILS_FIELDS, OPEN_ALERT_FIELDS]);

export const BIND_DEVICE_MUTATION = graphql(`
  mutation BindDevice($serial: String!, $code: String!) {
    bindDevice(serial: $serial, code: $code) {
      kind
      alreadyBound
      controller {
        id
        serial
      }
      meters {
        id
        serial
        kind
        label
        model
        zones
        phases
      }
    }
  }
`);

export const UNBIND_DEVICE_MUTATION = graphql(`
  mutation UnbindDevice($serial: String!) {
    unbindDevice(serial: $serial)
  }
`);

export const RECORD_METER_VERIFICATION_MUTATION = graphql(`
  mutation RecordMeterVerification($meterId: ID!, $nextDue: String!, $certificate: String) {
    recordMeterVerification(meterId: $meterId, nextDue: $nextDue, certificate: $certificate) {
      id
      verificationDue
      verificationCertificate
    }
  }
`);

export const SET_METER_LABEL_MUTATION = graphql(`
  mutation SetMeterLabel($meterId: ID!, $label: String!) {
    setMeterLabel(meterId: $meterId, label: $label) {
      id
      label
    }
  }
`);

/** `mustChangePassword`: signed in by a recovery code, a new password must be set before anything else. */
export type Viewer = NonNullable<ResultOf<typeof CABINET_QUERY>['viewer']>;
/** `label`: the viewer's own name for it («Кухня, ХВС»); `verificationDue`: YYYY-MM-DD. */
export type Meter = Viewer['meters'][number];
/** An open warning as the meters list shows it: on its meter's card, or on every card of its modem's meters. */
export type OpenAlert = ResultOf<typeof OPEN_ALERT_FIELDS>;
/** `boundToViewer`: bound to the viewer directly, so unbinding it unbinds all its meters. */
export type ControllerDetails = ResultOf<typeof CONTROLLER_DETAILS_FIELDS>;
export type MeterPage = NonNullable<ResultOf<typeof METER_PAGE_QUERY>['viewer']>;
export type MeterDetails = NonNullable<MeterPage['meter']>;
export type BindResult = ResultOf<typeof BIND_DEVICE_MUTATION>['bindDevice'];

/** Selections shared by several domains' documents, and the types the screens name them by. */
import { graphql, type ResultOf } from './graphql.js';

export const READING_FIELDS = graphql(`
  fragment ReadingFields on Reading {
    meterId
    quantity
    time
    value
    unit
  }
`);

export const CONTROLLER_HEALTH_FIELDS = graphql(`
  fragment ControllerHealthFields on Controller {
    id
    serial
    status
    lastSeenAt
    reportingIntervalS
  }
`);

/** What a list needs to ask for its next page. */
export const NEXT_PAGE_FIELDS = graphql(`
  fragment NextPageFields on PageInfo {
    hasNextPage
    endCursor
  }
`);

export const ACCOUNT_FIELDS = graphql(`
  fragment AccountFields on Account {
    id
    phone
    fullName
    email
    emailConfirmed
    address
    role
    language
    timeZone
  }
`);

/** A stored reading: `time` is RFC 3339, when the meter measured it; `value` is in the SenML `unit` (Wh, W, V, A, Hz, /, m3, Cel, dBm, %EL). */
export type Reading = ResultOf<typeof READING_FIELDS>;
/** What the cabinet needs to tell whether a controller is on the air. */
export type ControllerHealth = ResultOf<typeof CONTROLLER_HEALTH_FIELDS>;
/** `emailConfirmed`: whether `email` has been confirmed by the link sent to it. */
export type Account = ResultOf<typeof ACCOUNT_FIELDS>;

/** An open warning as a meter's card and page show it: which, how grave, and whose (the meter, or its modem). */
export const OPEN_ALERT_FIELDS = graphql(`
  fragment OpenAlertFields on AlertView {
    id
    rule
    severity
    meter {
      id
    }
    controllerSerial
  }
`);

/** Warnings: the viewer's alerts with the bell's count, acknowledging and muting, away mode, the live change. */
import { NEXT_PAGE_FIELDS } from './fragments.js';
import { graphql, type ResultOf } from './graphql.js';

export const ALERT_FIELDS = graphql(`
  fragment AlertFields on AlertView {
    id
    rule
    severity
    stage
    message
    facts {
      name
      value
    }
    meter {
      id
      serial
      kind
    }
    controllerSerial
    openedAt
    seenAt
    resolvedAt
    endedBy
    acknowledgedAt
    mutedUntil
  }
`);

/** A page of alerts with what is needed for the next one. */
export const ALERT_PAGE = graphql(
  `
    fragment AlertPage on AlertConnection {
      totalCount
      pageInfo {
        ...NextPageFields
      }
      edges {
        node {
          ...AlertFields
        }
      }
    }
  `,
  [ALERT_FIELDS, NEXT_PAGE_FIELDS],
);

export const ALERTS_QUERY = graphql(
  `
    query Alerts($first: Int!) {
      viewer {
        account {
          id
          timeZone
        }
        mustChangePassword
        awayMode {
          from
          to
        }
        quietHours {
          from
          to
        }
        meters {
          id
          controller {
            serial
          }
        }
        open: alerts(first: 100, open: true) {
          unreadCount
          edges {
            node {
              ...AlertFields
            }
          }
        }
        history: alerts(first: $first, open: false) {
          ...AlertPage
        }
      }
    }
  `,
  [ALERT_FIELDS, ALERT_PAGE],
);

/** The history's next page (resolved alerts, newest first). */
export const ALERT_HISTORY_QUERY = graphql(
  `
    query AlertHistory($first: Int!, $after: String) {
      viewer {
        alerts(first: $first, after: $after, open: false) {
          ...AlertPage
        }
      }
    }
  `,
  [ALERT_PAGE],
);

export const ALERTS_UNREAD_QUERY = graphql(`
  query AlertsUnread {
    viewer {
      alerts(first: 1) {
        unreadCount
      }
    }
  }
`);

export const ACKNOWLEDGE_ALERT_MUTATION = graphql(
  `
    mutation AcknowledgeAlert($id: ID!) {
      acknowledgeAlert(id: $id) {
        ...AlertFields
      }
    }
  `,
  [ALERT_FIELDS],
);

export const ACKNOWLEDGE_ALL_ALERTS_MUTATION = graphql(`
  mutation AcknowledgeAllAlerts {
    acknowledgeAllAlerts
  }
`);

export const MUTE_ALERT_MUTATION = graphql(
  `
    mutation MuteAlert($id: ID!, $hours: Int!) {
      muteAlert(id: $id, hours: $hours) {
        ...AlertFields
      }
    }
  `,
  [ALERT_FIELDS],
);

export const SET_AWAY_MODE_MUTATION = graphql(`
  mutation SetAwayMode($from: DateTime!, $to: DateTime) {
    setAwayMode(from: $from, to: $to) {
      from
      to
    }
  }
`);

export const ALERT_CHANGED_SUBSCRIPTION = graphql(
  `
    subscription AlertChanged {
      alertChanged {
        change
        alert {
          ...AlertFields
        }
      }
    }
  `,
  [ALERT_FIELDS],
);

export type Alert = ResultOf<typeof ALERT_FIELDS>;
export type AwayMode = NonNullable<NonNullable<ResultOf<typeof ALERTS_QUERY>['viewer']>['awayMode']>;

export const WEB_PUSH_KEY_QUERY = graphql(`
  query WebPushKey {
    webPushPublicKey
  }
`);

export const SUBSCRIBE_PUSH_MUTATION = graphql(`
  mutation SubscribePush($endpoint: String!, $p256dh: String!, $auth: String!) {
    subscribePush(endpoint: $endpoint, p256dh: $p256dh, auth: $auth)
  }
`);

export const UNSUBSCRIBE_PUSH_MUTATION = graphql(`
  mutation UnsubscribePush($endpoint: String!) {
    unsubscribePush(endpoint: $endpoint)
  }
`);

export const SET_QUIET_HOURS_MUTATION = graphql(`
  mutation SetQuietHours($from: Int, $to: Int) {
    setQuietHours(from: $from, to: $to) {
      from
      to
    }
  }
`);

export type QuietHours = NonNullable<NonNullable<ResultOf<typeof ALERTS_QUERY>['viewer']>['quietHours']>;

export const METER_ALERT_SETTINGS_FIELDS = graphql(`
  fragment MeterAlertSettingsFields on MeterAlertSettings {
    thresholds {
      leakHours
      nightLeakHours
      minLitresPerHour
      burstLitres
      baseloadW
    }
    defaults {
      leakHours
      nightLeakHours
      minLitresPerHour
      burstLitres
      baseloadW
    }
    rules
    disabledRules
    continuousFlowUntil
    monthBudget {
      kopecks
      amount
    }
    version
  }
`);

export const METER_ALERT_SETTINGS_QUERY = graphql(
  `
    query MeterAlertSettings($id: ID!) {
      viewer {
        meter(id: $id) {
          id
          alertSettings {
            ...MeterAlertSettingsFields
          }
        }
      }
    }
  `,
  [METER_ALERT_SETTINGS_FIELDS],
);

export const SET_ALERT_SETTINGS_MUTATION = graphql(
  `
    mutation SetAlertSettings($meterId: ID!, $input: AlertSettingsInput!) {
      setAlertSettings(meterId: $meterId, input: $input) {
        ...MeterAlertSettingsFields
      }
    }
  `,
  [METER_ALERT_SETTINGS_FIELDS],
);

export const EXPECT_CONTINUOUS_FLOW_MUTATION = graphql(`
  mutation ExpectContinuousFlow($meterId: ID!, $until: DateTime) {
    expectContinuousFlow(meterId: $meterId, until: $until)
  }
`);

export type MeterAlertSettings = ResultOf<typeof METER_ALERT_SETTINGS_FIELDS>;
export type AlertSettingsInput = { leakHours: number | null; nightLeakHours: number | null; minLitresPerHour: number | null; burstLitres: number | null; baseloadW: number | null; disabledRules: string[]; version: number; monthBudget?: string | null };

/** What operators see of a warning: with the customer it went to. */
export const OPERATOR_ALERT_FIELDS = graphql(`
  fragment OperatorAlertFields on OperatorAlertView {
    id
    rule
    severity
    stage
    message
    meter {
      id
      serial
      kind
    }
    controllerSerial
    openedAt
    resolvedAt
    endedBy
    customer {
      id
      phone
      fullName
      address
      timeZone
    }
  }
`);

/** Operators: every customer's warnings, with the customer. */
export const OPERATOR_ALERTS_QUERY = graphql(
  `
    query OperatorAlerts($first: Int!, $after: String, $open: Boolean, $rule: AlertRule, $withTotal: Boolean!) {
      operatorAlerts(first: $first, after: $after, open: $open, rule: $rule) {
        totalCount @include(if: $withTotal)
        pageInfo {
          ...NextPageFields
        }
        edges {
          node {
            ...OperatorAlertFields
          }
        }
      }
    }
  `,
  [NEXT_PAGE_FIELDS, OPERATOR_ALERT_FIELDS],
);

/** Operators: every customer's warnings as they change. */
export const OPERATOR_ALERT_CHANGED_SUBSCRIPTION = graphql(
  `
    subscription OperatorAlertChanged {
      operatorAlertChanged {
        change
        alert {
          ...OperatorAlertFields
        }
      }
    }
  `,
  [OPERATOR_ALERT_FIELDS],
);

export type OperatorAlert = ResultOf<typeof OPERATOR_ALERT_FIELDS>;

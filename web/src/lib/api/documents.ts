/**
 * The GraphQL operations of the cabinet and the shapes of their results, written by hand from the API's
 * schema (api/src). Only what a screen shows is selected; `AuthPayload.token` never is: the browser
 * holds its session in an HttpOnly cookie that no script should be able to read or leak.
 */
import { gql, type TypedDocumentNode } from '@urql/core';

export type MeterKind = 'ELECTRICITY' | 'COLD_WATER' | 'HOT_WATER';

export type Quantity =
  | 'ENERGY'
  | 'ENERGY_T1'
  | 'ENERGY_T2'
  | 'ENERGY_T3'
  | 'ENERGY_EXPORT'
  | 'POWER'
  | 'VOLTAGE_L1'
  | 'VOLTAGE_L2'
  | 'VOLTAGE_L3'
  | 'CURRENT_L1'
  | 'CURRENT_L2'
  | 'CURRENT_L3'
  | 'FREQUENCY'
  | 'POWER_FACTOR'
  | 'VOLUME'
  | 'TEMPERATURE'
  | 'RSSI'
  | 'BATTERY';

export type Role = 'CUSTOMER' | 'OPERATOR';

export interface Reading {
  meterId: string;
  quantity: Quantity;
  /** RFC 3339, when the meter measured the value. */
  time: string;
  /** In the stored SenML unit (`unit`): Wh, W, V, A, Hz, /, m3, Cel, dBm, %EL. */
  value: number;
  unit: string;
}

export interface Account {
  id: string;
  phone: string;
  fullName: string | null;
  email: string | null;
  role: Role;
}

export interface Meter {
  id: string;
  serial: string;
  kind: MeterKind;
  model: string | null;
  zones: number;
  phases: number;
  lastReadings: Reading[];
}

export interface Viewer {
  account: Account;
  meters: Meter[];
}

const READING_FIELDS = gql`
  fragment ReadingFields on Reading {
    meterId
    quantity
    time
    value
    unit
  }
`;

const ACCOUNT_FIELDS = gql`
  fragment AccountFields on Account {
    id
    phone
    fullName
    email
    role
  }
`;

export const CABINET_QUERY: TypedDocumentNode<{ viewer: Viewer | null }, Record<string, never>> = gql`
  query Cabinet {
    viewer {
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
        lastReadings {
          ...ReadingFields
        }
      }
    }
  }
  ${ACCOUNT_FIELDS}
  ${READING_FIELDS}
`;

/** Only asks whether there is a session: the login page uses it to skip the form for a signed-in user. */
export const SIGNED_IN_QUERY: TypedDocumentNode<{ viewer: { account: { id: string } } | null }, Record<string, never>> = gql`
  query SignedIn {
    viewer {
      account {
        id
      }
    }
  }
`;

export const SIGN_IN_MUTATION: TypedDocumentNode<{ signIn: { account: Account } }, { phone: string; password: string }> = gql`
  mutation SignIn($phone: String!, $password: String!) {
    signIn(phone: $phone, password: $password) {
      account {
        ...AccountFields
      }
    }
  }
  ${ACCOUNT_FIELDS}
`;

export const SIGN_OUT_MUTATION: TypedDocumentNode<{ signOut: boolean }, Record<string, never>> = gql`
  mutation SignOut {
    signOut
  }
`;

/** Without `meterIds` the API streams every meter bound to the viewer when the subscription starts. */
export const READING_ADDED_SUBSCRIPTION: TypedDocumentNode<{ readingAdded: Reading }, Record<string, never>> = gql`
  subscription ReadingAdded {
    readingAdded {
      ...ReadingFields
    }
  }
  ${READING_FIELDS}
`;

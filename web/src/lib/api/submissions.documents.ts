/**
 * Submission of readings to suppliers: suppliers (operators manage them), a meter's supplier accounts
 * («Передача показаний»), the submissions with their statuses, and the live stream of status changes.
 */
import { NEXT_PAGE_FIELDS } from './fragments.js';
import { graphql, type ResultOf, type VariablesOf } from './graphql.js';

/** What a customer sees of a supplier (operators also get the channel's address and secret). */
export const SUPPLIER_FIELDS = graphql(`
  fragment SupplierFields on Supplier {
    id
    name
    inn
    resources
    channel
    windowFirstDay
    windowLastDay
    cutoffTime
    timeZone
    accountPattern
    accountExample
    volumeDecimals
  }
`);

export const OPERATOR_SUPPLIER_FIELDS = graphql(
  `
    fragment OperatorSupplierFields on Supplier {
      ...SupplierFields
      webhookUrl
      email
      createdAt
      updatedAt
      version
    }
  `,
  [SUPPLIER_FIELDS],
);

export const SUBMISSION_FIELDS = graphql(
  `
    fragment SubmissionFields on Submission {
      id
      period
      status
      channel
      accountNumber
      meterSerial
      enteredByCustomer
      readingTime
      values {
        register
        unit
        value
      }
      attempts
      nextAttemptAt
      deliveredAt
      decidedAt
      reason
      reasonMessage
      windowClosesAt
      createdAt
      updatedAt
      supplier {
        ...SupplierFields
      }
    }
  `,
  [SUPPLIER_FIELDS],
);

export const SUPPLIER_LINK_FIELDS = graphql(
  `
    fragment SupplierLinkFields on SupplierLink {
      id
      accountNumber
      linkedAt
      unlinkedAt
      nextSubmissionAt
      windowOpen
      registers
      supplier {
        ...SupplierFields
      }
      # The history a meter's page shows: the last year of monthly submissions.
      submissions(first: 12) {
        totalCount
        edges {
          node {
            ...SubmissionFields
          }
        }
      }
    }
  `,
  [SUPPLIER_FIELDS, SUBMISSION_FIELDS],
);

/** A meter's «Передача показаний»: its supplier accounts with their history, and the suppliers it may link to. */
export const METER_SUBMISSIONS_QUERY = graphql(
  `
    query MeterSubmissions($meterId: ID!, $resource: MeterKind!) {
      viewer {
        meter(id: $meterId) {
          id
          serial
          kind
          supplierLinks {
            ...SupplierLinkFields
          }
        }
      }
      suppliers(resource: $resource) {
        ...SupplierFields
      }
    }
  `,
  [SUPPLIER_LINK_FIELDS, SUPPLIER_FIELDS],
);

export const LINK_SUPPLIER_ACCOUNT_MUTATION = graphql(
  `
    mutation LinkSupplierAccount($meterId: ID!, $supplierId: ID!, $accountNumber: String!, $agree: Boolean!) {
      linkSupplierAccount(meterId: $meterId, supplierId: $supplierId, accountNumber: $accountNumber, agree: $agree) {
        ...SupplierLinkFields
      }
    }
  `,
  [SUPPLIER_LINK_FIELDS],
);

export const UNLINK_SUPPLIER_ACCOUNT_MUTATION = graphql(`
  mutation UnlinkSupplierAccount($linkId: ID!) {
    unlinkSupplierAccount(linkId: $linkId)
  }
`);

export const SUBMIT_READINGS_NOW_MUTATION = graphql(
  `
    mutation SubmitReadingsNow($linkId: ID!) {
      submitReadingsNow(linkId: $linkId) {
        ...SubmissionFields
      }
    }
  `,
  [SUBMISSION_FIELDS],
);

export const ENTER_SUBMISSION_VALUES_MUTATION = graphql(
  `
    mutation EnterSubmissionValues($linkId: ID!, $values: [RegisterValueInput!]!) {
      enterSubmissionValues(linkId: $linkId, values: $values) {
        ...SubmissionFields
      }
    }
  `,
  [SUBMISSION_FIELDS],
);

export const SUBMISSION_UPDATED_SUBSCRIPTION = graphql(
  `
    subscription SubmissionUpdated($meterId: ID) {
      submissionUpdated(meterId: $meterId) {
        ...SubmissionFields
      }
    }
  `,
  [SUBMISSION_FIELDS],
);

/** Operators: one supplier with its channel settings. */
export const OPERATOR_SUPPLIER_QUERY = graphql(
  `
    query OperatorSupplier($id: ID!) {
      supplier(id: $id) {
        ...OperatorSupplierFields
      }
    }
  `,
  [OPERATOR_SUPPLIER_FIELDS],
);

/** Operators: a supplier's history — who changed what and when, newest first (the secret itself never). */
export const SUPPLIER_CHANGES_QUERY = graphql(`
  query SupplierChanges($id: ID!, $first: Int!, $before: ID) {
    supplier(id: $id) {
      changes(first: $first, before: $before) {
        id
        kind
        at
        by
        fields {
          field
          from
          to
        }
      }
    }
  }
`);

/** Operators: every supplier with its channel settings. */
export const OPERATOR_SUPPLIERS_QUERY = graphql(
  `
    query OperatorSuppliers {
      suppliers {
        ...OperatorSupplierFields
      }
    }
  `,
  [OPERATOR_SUPPLIER_FIELDS],
);

export const CREATE_SUPPLIER_MUTATION = graphql(
  `
    mutation CreateSupplier($input: SupplierInput!) {
      createSupplier(input: $input) {
        ...OperatorSupplierFields
        # A webhook supplier's signing secret, shown to the operator once, right after creating it.
        webhookSecret
      }
    }
  `,
  [OPERATOR_SUPPLIER_FIELDS],
);

export const UPDATE_SUPPLIER_MUTATION = graphql(
  `
    mutation UpdateSupplier($id: ID!, $input: SupplierInput!, $version: Int) {
      updateSupplier(id: $id, input: $input, version: $version) {
        ...OperatorSupplierFields
      }
    }
  `,
  [OPERATOR_SUPPLIER_FIELDS],
);

export const SUPPLIER_SUBMISSIONS_QUERY = graphql(
  `
    query SupplierSubmissions($supplierId: ID!, $period: String, $status: SubmissionStatus, $first: Int!, $after: String) {
      supplierSubmissions(supplierId: $supplierId, period: $period, status: $status, first: $first, after: $after) {
        totalCount
        pageInfo {
          ...NextPageFields
        }
        edges {
          node {
            ...SubmissionFields
          }
        }
      }
    }
  `,
  [SUBMISSION_FIELDS, NEXT_PAGE_FIELDS],
);

export const RESEND_SUBMISSION_MUTATION = graphql(
  `
    mutation ResendSubmission($id: ID!) {
      resendSubmission(id: $id) {
        ...SubmissionFields
      }
    }
  `,
  [SUBMISSION_FIELDS],
);

/** Operators: a webhook supplier's new signing secret, shown once (the old one stops working at once). */
export const ROTATE_SUPPLIER_SECRET_MUTATION = graphql(`
  mutation RotateSupplierSecret($id: ID!) {
    rotateSupplierSecret(id: $id) {
      id
      webhookSecret
      version
    }
  }
`);

/** Operators: the feedback form's messages, newest first; `after` is the id of the last one shown. */
export const FEEDBACK_MESSAGES_QUERY = graphql(`
  query FeedbackMessages($first: Int!, $after: ID) {
    feedbackMessages(first: $first, after: $after) {
      id
      name
      contact
      message
      createdAt
      customerPhone
    }
  }
`);

export type Supplier = ResultOf<typeof SUPPLIER_FIELDS>;
export type OperatorSupplier = ResultOf<typeof OPERATOR_SUPPLIER_FIELDS>;
export type Submission = ResultOf<typeof SUBMISSION_FIELDS>;
export type SupplierLink = ResultOf<typeof SUPPLIER_LINK_FIELDS>;
export type SupplierInput = VariablesOf<typeof CREATE_SUPPLIER_MUTATION>['input'];
export type SupplierChange = ResultOf<typeof SUPPLIER_CHANGES_QUERY>['supplier']['changes'][number];
export type RegisterValue = VariablesOf<typeof ENTER_SUBMISSION_VALUES_MUTATION>['values'][number];
export type FeedbackMessage = ResultOf<typeof FEEDBACK_MESSAGES_QUERY>['feedbackMessages'][number];

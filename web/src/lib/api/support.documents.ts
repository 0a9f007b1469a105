/** Support: «Консультация» (callbacks), feedback, the operator's contacts, support threads and their photos. */
import { graphql, type ResultOf, type VariablesOf } from './graphql.js';

export const CALLBACK_FIELDS = graphql(`
  fragment CallbackFields on CallbackRequest {
    id
    name
    phone
    topic
    createdAt
    dueAt
    doneAt
    customerPhone
  }
`);

export const SUPPORT_MESSAGE_FIELDS = graphql(`
  fragment SupportMessageFields on SupportMessage {
    id
    threadId
    text
    createdAt
    fromSupport
    authorName
    attachments {
      id
      filename
      mimeType
      size
      url
    }
  }
`);

export const THREAD_SUMMARY_FIELDS = graphql(`
  fragment ThreadSummaryFields on SupportThread {
    id
    topic
    status
    createdAt
    lastMessageAt
    unreadCount
    customer {
      id
      phone
      fullName
    }
  }
`);

export const CONTACTS_QUERY = graphql(`
  query Contacts($language: String!) {
    contacts(language: $language) {
      phones {
        label
        number
      }
      email
      hours
      address
    }
  }
`);

export const REQUEST_CALLBACK_MUTATION = graphql(`
  mutation RequestCallback($input: CallbackInput!) {
    requestCallback(input: $input) {
      ...CallbackFields
    }
  }
`, [CALLBACK_FIELDS]);

export const SEND_FEEDBACK_MUTATION = graphql(`
  mutation SendFeedback($input: FeedbackInput!) {
    sendFeedback(input: $input)
  }
`);

export const CALLBACK_REQUESTS_QUERY = graphql(`
  query CallbackRequests($pending: Boolean!) {
    callbackRequests(pending: $pending) {
      ...CallbackFields
    }
  }
`, [CALLBACK_FIELDS]);

export const MARK_CALLBACK_DONE_MUTATION = graphql(`
  mutation MarkCallbackDone($id: ID!) {
    markCallbackDone(id: $id) {
      ...CallbackFields
    }
  }
`, [CALLBACK_FIELDS]);

/** Threads with their unread counts; null when signed out. `status` null: every thread. */
export const SUPPORT_THREADS_QUERY = graphql(`
  query SupportThreads($status: ThreadStatus) {
    viewer {
      supportThreads(status: $status) {
        ...ThreadSummaryFields
      }
    }
  }
`, [THREAD_SUMMARY_FIELDS]);

/** Only the counts, for the badge in the header. */
export const SUPPORT_UNREAD_QUERY = graphql(`
  query SupportUnread {
    viewer {
      supportThreads {
        id
        unreadCount
      }
    }
  }
`);

/** `viewer` null: signed out; `supportThread` null: no such thread, or not the viewer's. */
export const SUPPORT_THREAD_QUERY = graphql(`
  query SupportThread($id: ID!) {
    viewer {
      supportThread(id: $id) {
        ...ThreadSummaryFields
        messages {
          ...SupportMessageFields
        }
      }
    }
  }
`, [THREAD_SUMMARY_FIELDS, SUPPORT_MESSAGE_FIELDS]);

export const OPEN_SUPPORT_THREAD_MUTATION = graphql(`
  mutation OpenSupportThread($topic: String!, $text: String!, $attachmentIds: [ID!]!) {
    openSupportThread(topic: $topic, text: $text, attachmentIds: $attachmentIds) {
      id
    }
  }
`);

export const SEND_SUPPORT_MESSAGE_MUTATION = graphql(`
  mutation SendSupportMessage($threadId: ID!, $text: String!, $attachmentIds: [ID!]!) {
    sendSupportMessage(threadId: $threadId, text: $text, attachmentIds: $attachmentIds) {
      ...SupportMessageFields
    }
  }
`, [SUPPORT_MESSAGE_FIELDS]);

export const MARK_SUPPORT_THREAD_READ_MUTATION = graphql(`
  mutation MarkSupportThreadRead($threadId: ID!) {
    markSupportThreadRead(threadId: $threadId) {
      id
      unreadCount
    }
  }
`);

export const CLOSE_SUPPORT_THREAD_MUTATION = graphql(`
  mutation CloseSupportThread($threadId: ID!) {
    closeSupportThread(threadId: $threadId) {
      id
      status
    }
  }
`);

/** Without `threadId`: every thread the viewer may see (their own; all of them for operators). */
export const SUPPORT_MESSAGE_ADDED_SUBSCRIPTION = graphql(`
  subscription SupportMessageAdded($threadId: ID) {
    supportMessageAdded(threadId: $threadId) {
      ...SupportMessageFields
    }
  }
`, [SUPPORT_MESSAGE_FIELDS]);

export type Contacts = ResultOf<typeof CONTACTS_QUERY>['contacts'];
export type ContactPhone = Contacts['phones'][number];
/** `dueAt`: when the one-hour promise runs out. */
export type CallbackRequest = ResultOf<typeof CALLBACK_FIELDS>;
export type CallbackInput = VariablesOf<typeof REQUEST_CALLBACK_MUTATION>['input'];
export type FeedbackInput = VariablesOf<typeof SEND_FEEDBACK_MUTATION>['input'];
export type SupportMessage = ResultOf<typeof SUPPORT_MESSAGE_FIELDS>;
/** A photo: same origin, same credentials (`/support/attachments/:id`). */
export type SupportAttachment = SupportMessage['attachments'][number];
/** A thread as lists show it. */
export type SupportThreadSummary = ResultOf<typeof THREAD_SUMMARY_FIELDS>;
export type SupportThread = NonNullable<NonNullable<ResultOf<typeof SUPPORT_THREAD_QUERY>['viewer']>['supportThread']>;

/** Support: the operator's contacts, «Консультация» (callbacks), feedback, support threads and their photos. */
import { language, t } from '$lib/i18n';
import { mutate, query, subscribe, type LiveListeners } from './connection.js';
import { ApiError, httpError } from './errors.js';
import {
  CALLBACK_REQUESTS_QUERY,
  CLOSE_SUPPORT_THREAD_MUTATION,
  CONTACTS_QUERY,
  MARK_CALLBACK_DONE_MUTATION,
  MARK_SUPPORT_THREAD_READ_MUTATION,
  OPEN_SUPPORT_THREAD_MUTATION,
  REQUEST_CALLBACK_MUTATION,
  SEND_FEEDBACK_MUTATION,
  SEND_SUPPORT_MESSAGE_MUTATION,
  SUPPORT_MESSAGE_ADDED_SUBSCRIPTION,
  SUPPORT_THREAD_QUERY,
  SUPPORT_THREADS_QUERY,
  SUPPORT_UNREAD_QUERY,
  type CallbackInput,
  type CallbackRequest,
  type Contacts,
  type FeedbackInput,
  type SupportAttachment,
  type SupportMessage,
  type SupportThread,
  type SupportThreadSummary,
} from './support.documents.js';
import type { ThreadStatus } from './graphql.js';

/** The operator's contacts in the cabinet's language (phones, email, hours from its configuration). */
export async function fetchContacts(): Promise<Contacts> {
  return (await query(CONTACTS_QUERY, { language })).contacts;
}

/** «Консультация»: a callback within an hour. Public; the captcha payload is single use (none when signed in). */
export async function requestCallback(input: CallbackInput): Promise<CallbackRequest> {
  return (await mutate(REQUEST_CALLBACK_MUTATION, { input })).requestCallback;
}

/** The feedback form: stored and emailed to the support mailbox. Public, with a captcha unless signed in. */
export async function sendFeedback(input: FeedbackInput): Promise<void> {
  await mutate(SEND_FEEDBACK_MUTATION, { input });
}

/** Operators: the callback queue (oldest first) or, with `pending` false, the requests already done. */
export async function fetchCallbackRequests(pending: boolean): Promise<CallbackRequest[]> {
  return (await query(CALLBACK_REQUESTS_QUERY, { pending })).callbackRequests;
}

export async function markCallbackDone(id: string): Promise<CallbackRequest> {
  return (await mutate(MARK_CALLBACK_DONE_MUTATION, { id })).markCallbackDone;
}

/** The viewer's threads (all of them for operators), newest activity first; null when signed out. */
export async function fetchSupportThreads(status: ThreadStatus | null = null): Promise<SupportThreadSummary[] | null> {
  return (await query(SUPPORT_THREADS_QUERY, { status })).viewer?.supportThreads ?? null;
}

/** Unread messages over all the viewer's threads; null when signed out. */
export async function fetchSupportUnread(): Promise<number | null> {
  const viewer = (await query(SUPPORT_UNREAD_QUERY, {})).viewer;
  return viewer ? viewer.supportThreads.reduce((sum, thread) => sum + thread.unreadCount, 0) : null;
}

/** A thread with its messages: `signedOut`, or `thread` null when there is no such thread for this viewer. */
export async function fetchSupportThread(id: string): Promise<{ signedOut: true } | { signedOut: false; thread: SupportThread | null }> {
  const viewer = (await query(SUPPORT_THREAD_QUERY, { id })).viewer;
  return viewer ? { signedOut: false, thread: viewer.supportThread } : { signedOut: true };
}

/** Opens a thread with its first message and the photos uploaded for it; returns the thread's id. */
export async function openSupportThread(topic: string, text: string, attachmentIds: string[]): Promise<string> {
  return (await mutate(OPEN_SUPPORT_THREAD_MUTATION, { topic, text, attachmentIds })).openSupportThread.id;
}

/** A message into a thread (a customer writing into a closed thread reopens it). */
export async function sendSupportMessage(threadId: string, text: string, attachmentIds: string[]): Promise<SupportMessage> {
  return (await mutate(SEND_SUPPORT_MESSAGE_MUTATION, { threadId, text, attachmentIds })).sendSupportMessage;
}

export async function markSupportThreadRead(threadId: string): Promise<void> {
  await mutate(MARK_SUPPORT_THREAD_READ_MUTATION, { threadId });
}

export async function closeSupportThread(threadId: string): Promise<ThreadStatus> {
  return (await mutate(CLOSE_SUPPORT_THREAD_MUTATION, { threadId })).closeSupportThread.status;
}

export interface SupportWatcher extends LiveListeners {
  message(message: SupportMessage): void;
  /** The subscription ended for good (UNAUTHENTICATED, NOT_FOUND…). */
  failed(error: ApiError): void;
}

/** New support messages — of one thread, or of every thread the viewer may see; returns the function that stops them. */
export function watchSupportMessages(threadId: string | null, watcher: SupportWatcher): () => void {
  return subscribe(SUPPORT_MESSAGE_ADDED_SUBSCRIPTION, { threadId }, (data) => watcher.message(data.supportMessageAdded), watcher.failed, watcher);
}

/** Where photos are uploaded (POST, the raw image as the body) and downloaded (GET …/:id). */
export const ATTACHMENTS_PATH = '/support/attachments';

export interface Upload {
  /** The stored photo, to reference by id in a message. */
  done: Promise<SupportAttachment>;
  abort(): void;
}

/**
 * Uploads one photo, reporting progress (0…1). XMLHttpRequest rather than fetch: only it reports how much
 * of a request body has been sent. The API judges the type by the bytes and answers 413 above its limit.
 */
export function uploadAttachment(file: File, onProgress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<SupportAttachment>((resolve, reject) => {
    xhr.open('POST', `${ATTACHMENTS_PATH}?filename=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', file.type);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (SupportAttachment & { error?: undefined }) | { error?: { message?: string; code?: string; field?: string } } | null;
      if (xhr.status === 201 && body && !body.error) {
        onProgress(1);
        resolve(body as SupportAttachment);
        return;
      }
      void httpError(xhr.status, body?.error).then(reject);
    };
    xhr.onerror = () => reject(new ApiError(t.errors.network, 'NETWORK'));
    xhr.onabort = () => reject(new ApiError(t.errors.generic, 'ABORTED'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}


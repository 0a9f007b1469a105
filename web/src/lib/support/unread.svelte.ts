/**
 * Unread support messages of the signed-in person, for the badge in the header: counted by the API
 * (`unreadCount` of each thread), recounted whenever a message arrives over the live connection, after the
 * connection comes back, and when a page marks a thread read.
 */
import { fetchSupportUnread, watchSupportMessages } from '$lib/api/support';
import { LiveCount } from '$lib/live-count.svelte';

export const supportUnread = new LiveCount({
  fetch: fetchSupportUnread,
  watch: (on) => watchSupportMessages(null, { message: on.changed, connected: on.connected, failed: on.failed }),
});

/** How a signed-in page loads its data: one place decides where a visitor without a usable session goes. */
import { goto } from '$app/navigation';
import type { ApiError } from '$lib/api/errors';
import { goToLogin } from '$lib/navigation';
import { session } from '$lib/session.svelte';

/** Where a person signed in by a recovery code must go first. */
export const NEW_PASSWORD_PATH = '/recovery/new-password';

/**
 * Fetches a signed-in page's data. Without a session (no viewer, or UNAUTHENTICATED) the session is cleared and
 * the visitor is sent to sign in; signed in by a recovery code, to the new password. In those cases it resolves
 * to null (the navigation is started, not awaited); any other error is thrown for the page to show.
 */
export async function loadSignedIn<T extends { mustChangePassword: boolean }>(fetch: () => Promise<T | null>): Promise<T | null> {
  try {
    const loaded = await fetch();
    if (!loaded) return signedOut();
    if (loaded.mustChangePassword) {
      void goto(NEW_PASSWORD_PATH, { replaceState: true });
      return null;
    }
    return loaded;
  } catch (error) {
    if ((error as ApiError).code === 'UNAUTHENTICATED') return signedOut();
    throw error;
  }
}

function signedOut(): null {
  session.clear();
  void goToLogin();
  return null;
}

/** Where the cabinet sends a person who must sign in, and back. */
import { goto } from '$app/navigation';

/** The signed-in person's home: the list of their meters. */
export const CABINET_HOME = '/meters';

/** An operator's home: the console's devices (the cabinet's home sends operators here). */
export const OPERATOR_HOME = '/operator/devices';

/** `/login?next=<this page>`: after signing in the person comes back here. */
export function loginPath(url: URL = new URL(window.location.href)): string {
  const next = url.pathname + url.search + url.hash;
  return next === '/' || next === CABINET_HOME ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

export function goToLogin(): Promise<void> {
  return goto(loginPath(), { replaceState: true });
}

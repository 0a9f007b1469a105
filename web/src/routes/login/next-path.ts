import { CABINET_HOME } from '$lib/navigation';

/**
 * Where to go after signing in: the `?next=` path when it stays on this site, else the cabinet.
 * An open redirect (`?next=https://evil.example`, `//evil.example`, `/\evil.example`) would let a phishing
 * link borrow our login page, so anything that resolves to another origin is ignored.
 */
export function nextPath(next: string | null, origin: string): string {
  if (!next || !next.startsWith('/')) return CABINET_HOME;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return CABINET_HOME;
  }
  if (url.origin !== origin) return CABINET_HOME;
  // Back to the login page would look like the sign-in did nothing.
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return CABINET_HOME;
  return url.pathname + url.search + url.hash;
}

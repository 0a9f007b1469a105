/**
 * An outbox message's text cut into pieces for display: links (made same-origin when they point into the
 * cabinet, so a link from a development server on another port still opens here), one-time codes (six digits
 * standing alone) and plain text.
 */
export type Piece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'code'; text: string };

const TOKEN = /(https?:\/\/[^\s]+)|(?<![\d+])(\d{6})(?!\d)/g;
const CABINET_PATHS = /^\/(confirm-email|recovery|login|register)(\/|$)/;

export function cabinetHref(url: string): string {
  try {
    const parsed = new URL(url);
    return CABINET_PATHS.test(parsed.pathname) ? parsed.pathname + parsed.search + parsed.hash : url;
  } catch {
    return url;
  }
}

export function splitMessage(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > last) pieces.push({ kind: 'text', text: text.slice(last, match.index) });
    if (match[1]) pieces.push({ kind: 'link', text: match[1], href: cabinetHref(match[1]) });
    else pieces.push({ kind: 'code', text: match[2] });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}

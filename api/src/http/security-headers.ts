/**
 * Security headers (helmet: the maintained set of them, kept up to date with browsers) and a strict
 * Content-Security-Policy for the cabinet. Scripts run only from this origin plus the inline bootstrap SvelteKit
 * writes into index.html, allowed by its SHA-256 hash — computed from the built file, so a rebuild needs no
 * configuration. No 'unsafe-inline' and no 'unsafe-eval' for scripts.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Express } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

type Directives = Record<string, string[]>;

/** The policy for everything this server sends; the cabinet shell adds its inline script hashes to script-src. */
export const CSP_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // Svelte writes style attributes and transition keyframes at run time; styles cannot run code.
  'style-src': ["'self'", "'unsafe-inline'"],
  // Photo previews before upload are blob: URLs; icons may be data: URLs.
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  // 'self' covers same-origin ws:/wss: in current browsers (CSP Level 3).
  'connect-src': ["'self'"],
  // The captcha's proof of work runs in a worker made from a blob:; the service worker comes from 'self'.
  'worker-src': ["'self'", 'blob:'],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const serialize = (directives: Directives) =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

/** SHA-256 sources ('sha256-…') for each inline <script> of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(`'sha256-${createHash('sha256').update(match[1]!, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

export function securityHeaders(app: Express, options: { hsts: boolean }): void {
  const config: HelmetOptions = {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // HSTS only where the cabinet is served over HTTPS (production behind TLS); over plain HTTP it means nothing.
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  };
  app.use(helmet(config));
}

/** The cabinet's HTML shell with the CSP it needs, re-read when the build changes. */
export class Shell {
  private cached: { mtimeMs: number; html: string; csp: string } | null = null;

  constructor(private readonly file: string) {}

  load(): { html: string; csp: string } {
    const { mtimeMs } = statSync(this.file);
    if (this.cached?.mtimeMs !== mtimeMs) {
      const html = readFileSync(this.file, 'utf8');
      const csp = serialize({ ...CSP_DIRECTIVES, 'script-src': [...CSP_DIRECTIVES['script-src']!, ...inlineScriptHashes(html)] });
      this.cached = { mtimeMs, html, csp };
    }
    return this.cached;
  }
}

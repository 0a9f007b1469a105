import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { AppDeps } from '../composition.js';
import { Shell } from './security-headers.js';

/**
 * Serves the cabinet: a static SvelteKit build (adapter-static, single-page fallback). Hashed assets are
 * cached for a year; the HTML shell never, so a new deployment is picked up at the next load. The shell goes
 * out with a Content-Security-Policy that allows its own inline bootstrap script by hash.
 *
 * The build is precompressed (adapter-static `precompress`: a .br and a .gz beside each asset), and
 * express-static-gzip sends the variant the browser accepts, Brotli first, with `Vary: Accept-Encoding`:
 * compressed once at build time at the highest level, never per request.
 */
export function serveWeb(app: Express, deps: AppDeps): void {
  const dir = deps.config.webDir;
  const shell = path.join(dir, 'index.html');
  if (!existsSync(shell)) {
    deps.log.warn({ dir }, 'cabinet build not found: run `pnpm --filter @askue/web build` (pnpm start does it)');
    return;
  }
  const precompressed: expressStaticGzip.ExpressStaticGzipOptions = { enableBrotli: true, orderPreference: ['br', 'gzip'], index: false };
  app.use(
    '/_app/immutable',
    expressStaticGzip(path.join(dir, '_app', 'immutable'), { ...precompressed, serveStatic: { immutable: true, maxAge: '365d', fallthrough: false } }),
  );
  app.use(expressStaticGzip(dir, { ...precompressed, serveStatic: { index: false, maxAge: 0 } }));
  const page = new Shell(shell);
  app.get('/{*path}', (req, res, next) => {
    if (!req.accepts('html')) return next();
    const { html, csp } = page.load();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', csp);
    res.type('html').send(html);
  });
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { AppDeps } from '../graphql/context.js';
import { Shell } from './security-headers.js';

/**
 * Serves the cabinet: a static SvelteKit build (adapter-static, single-page fallback). Hashed assets are
 * cached for a year; the HTML shell never, so a new deployment is picked up at the next load. The shell goes
 * out with a Content-Security-Policy that allows its own inline bootstrap script by hash.
 */
export function serveWeb(app: Express, deps: AppDeps): void {
  const dir = deps.config.webDir;
  const shell = path.join(dir, 'index.html');
  if (!existsSync(shell)) {
    deps.log.warn({ dir }, 'cabinet build not found: run `pnpm --filter @askue/web build` (pnpm start does it)');
    return;
  }
  app.use(
    '/_app/immutable',
    express.static(path.join(dir, '_app', 'immutable'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  app.use(express.static(dir, { index: false, maxAge: 0 }));
  const page = new Shell(shell);
  app.get('/{*path}', (req, res, next) => {
    if (!req.accepts('html')) return next();
    const { html, csp } = page.load();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', csp);
    res.type('html').send(html);
  });
}

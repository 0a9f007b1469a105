import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { AppDeps } from '../graphql/context.js';

/**
 * Serves the cabinet: a static SvelteKit build (adapter-static, single-page fallback). Hashed assets are
 * cached for a year; the HTML shell never, so a new deployment is picked up at the next load.
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
  app.get('/{*path}', (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(shell);
  });
}

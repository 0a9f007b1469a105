/**
 * Photos for support threads: POST /support/attachments (the raw image as the body, Content-Type image/jpeg,
 * image/png or image/webp — types a cross-site form cannot send, so no CSRF token is needed — and ?filename=)
 * and GET /support/attachments/:id. The same credentials as GraphQL; the same access as the thread.
 */
import express, { type Express, type Request, type Response } from 'express';
import { authenticate, createContext, type AppDeps } from '../composition.js';
import { bearerFrom } from '../graphql/context.js';
import { ClientError, because } from '../errors/client-errors.js';
import { MAX_ATTACHMENT_BYTES } from '../support/support.service.js';
import { clientOf, cookieToken } from './websocket.js';

const status = (code: unknown) => (code === 'NOT_FOUND' ? 404 : code === 'FORBIDDEN' ? 403 : code === 'UNAUTHENTICATED' ? 401 : code === 'RATE_LIMITED' ? 429 : 400);

export function mountAttachments(app: Express, deps: AppDeps): void {
  const context = async (req: Request) => {
    const token = bearerFrom(req.headers.authorization, cookieToken(req, deps.config.session.cookieName));
    return createContext(deps, await authenticate(deps, token), clientOf(req, deps.config.http.trustProxy), null);
  };
  const fail = (res: Response, err: unknown) => {
    if (err instanceof ClientError) return res.status(status(err.extensions.code)).json({ error: { message: err.message, code: err.extensions.code, field: err.extensions.field, reason: err.extensions.reason, params: err.extensions.params } });
    deps.log.error({ err }, 'attachment request failed');
    return res.status(500).json({ error: { message: 'Внутренняя ошибка сервера', code: 'INTERNAL_SERVER_ERROR' } });
  };

  app.post(
    '/support/attachments',
    express.raw({ type: ['image/jpeg', 'image/png', 'image/webp'], limit: MAX_ATTACHMENT_BYTES }),
    async (req: Request, res: Response) => {
      const ctx = await context(req);
      if (!ctx.principal) return res.status(401).json({ error: { ...because('UNAUTHENTICATED'), code: 'UNAUTHENTICATED' } });
      if (!Buffer.isBuffer(req.body)) return res.status(415).json({ error: { ...because('FILE_TYPE'), code: 'BAD_USER_INPUT', field: 'file' } });
      try {
        const a = await ctx.services.support.upload(ctx.principal, String(req.query.filename ?? ''), req.body);
        res.status(201).json({ id: String(a.id), filename: a.filename, mimeType: a.mimeType, size: a.size, url: a.url });
      } catch (err) {
        fail(res, err);
      }
    },
    ((err, _req, res, next) => {
      if (err?.type === 'entity.too.large') return res.status(413).json({ error: { ...because('FILE_TOO_LARGE', { maxMb: 5 }), code: 'PAYLOAD_TOO_LARGE', field: 'file' } });
      next(err);
    }) as express.ErrorRequestHandler,
  );

  app.get('/support/attachments/:id', async (req, res) => {
    const ctx = await context(req);
    if (!ctx.principal) return res.status(401).json({ error: { ...because('UNAUTHENTICATED'), code: 'UNAUTHENTICATED' } });
    try {
      const a = await ctx.services.support.download(ctx.principal, Number(req.params.id) || 0);
      // Drivers return a blob as a Buffer (pg) or an ArrayBuffer (libsql).
      const data = Buffer.from(a.data as unknown as ArrayBuffer);
      res.statusCode = 200;
      // Set raw: Express would append a charset to the image type.
      res.setHeader('Content-Type', a.mimeType);
      res.setHeader('Content-Length', String(data.length));
      res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('Cache-Control', 'private, max-age=86400');
      res.end(data);
    } catch (err) {
      fail(res, err);
    }
  });
}

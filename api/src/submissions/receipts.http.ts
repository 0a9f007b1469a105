/**
 * HTTP endpoints of the submissions domain: the signed receipt endpoint suppliers call back
 * (POST /suppliers/receipts, api/docs/suppliers.md), and in development the demo supplier's receiver
 * (/dev/supplier-inbox): what it got, with the signature checked.
 */
import express, { type Express } from 'express';
import type { AppDeps } from '../composition.js';
import { Supplier } from '../suppliers/supplier.entity.js';
import { SIGNATURE_HEADER, verify } from '../delivery/webhook-rules.js';
import { Submission } from './submission.entity.js';
import { verdictOf } from './webhook.js';

const MAX_BODY = '16kb';

export interface InboxEntry {
  at: string;
  supplier: string | null;
  idempotencyKey: string | null;
  signature: 'ok' | 'malformed' | 'stale' | 'mismatch' | 'unknown supplier';
  body: unknown;
}

export function mountSubmissionRoutes(app: Express, deps: AppDeps, options: { devInbox: boolean }): void {
  const engine = deps.submissions;
  app.post('/suppliers/receipts', express.text({ type: () => true, limit: MAX_BODY }), async (req, res, next) => {
    try {
      const raw = typeof req.body === 'string' ? req.body : '';
      let receipt: { idempotencyKey?: unknown; status?: unknown };
      try {
        receipt = JSON.parse(raw);
      } catch {
        return void res.status(400).json({ error: 'BAD_REQUEST', message: 'The body must be JSON' });
      }
      const key = typeof receipt?.idempotencyKey === 'string' ? receipt.idempotencyKey : '';
      const em = deps.orm.em.fork();
      const s = key ? await em.findOne(Submission, { idempotencyKey: key }, { populate: ['supplier'] }) : null;
      // The signature first: an unknown key and a bad signature must not be told apart by a stranger.
      const check = s ? verify(engine.secretOf(s.supplier), raw, req.get(SIGNATURE_HEADER), Math.floor(engine.now().getTime() / 1000)) : 'mismatch';
      if (check !== 'ok') return void res.status(401).json({ error: 'SIGNATURE', message: `Signature ${check}: sign "<t>.<body>" with HMAC-SHA256 and the supplier's secret` });
      const v = verdictOf(raw);
      if (!v.verdict) return void res.status(400).json({ error: 'BAD_REQUEST', message: 'status must be "accepted" or "rejected"' });
      const applied = await engine.verdict(em, s!, v.verdict, v.reason ?? null, v.message ?? null);
      if (applied === 'conflict') return void res.status(409).json({ error: 'CONFLICT', status: s!.status, message: 'This submission already has another final status' });
      res.json({ status: s!.status });
    } catch (err) {
      next(err);
    }
  });

  if (!options.devInbox) return;
  // Development only: the demo энергосбыт. It checks the signature, keeps what it got, and accepts.
  const inbox: InboxEntry[] = [];
  app.post('/dev/supplier-inbox/webhook', express.text({ type: () => true, limit: MAX_BODY }), async (req, res, next) => {
    try {
      const raw = typeof req.body === 'string' ? req.body : '';
      let body: { supplier?: { inn?: string } } | null = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      const supplier = body?.supplier?.inn ? await deps.orm.em.fork().findOne(Supplier, { inn: body.supplier.inn }) : null;
      const signature = supplier ? verify(engine.secretOf(supplier), raw, req.get(SIGNATURE_HEADER), Math.floor(Date.now() / 1000)) : 'unknown supplier';
      const key = req.get('idempotency-key') ?? null;
      const repeat = inbox.some((e) => e.idempotencyKey === key && e.signature === 'ok');
      inbox.unshift({ at: new Date().toISOString(), supplier: supplier?.name ?? null, idempotencyKey: key, signature, body });
      inbox.length = Math.min(inbox.length, 500);
      if (signature !== 'ok') return void res.status(401).json({ status: 'rejected', reason: 'SIGNATURE', message: `signature ${signature}` });
      res.json({ status: 'accepted', message: repeat ? 'already accepted (same Idempotency-Key)' : 'accepted' });
    } catch (err) {
      next(err);
    }
  });
  app.get('/dev/supplier-inbox.json', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(inbox);
  });
}

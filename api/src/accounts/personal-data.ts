/**
 * Everything the service keeps about a customer, as one document they can download (152-ФЗ art. 14: the right to
 * know what personal data is processed) — the counterpart of deleting it (erasure.ts reads the same list). Secrets
 * are left out: the password hash, token hashes, webhook signing secrets, push keys. Readings are not personal data
 * of the account but of its meters, and have their own exports (GET /export/consumption.csv); the document says so.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { Alert, AlertPreferences, AlertSettings, AwayPeriod } from '../alerts/alert.entity.js';
import { PushSubscriptionRecord } from '../alerts/push/push-subscription.entity.js';
import { Binding } from '../devices/binding.entity.js';
import { MeterLabel } from '../devices/meter-label.entity.js';
import { Submission } from '../submissions/submission.entity.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import { CallbackRequest, Feedback, SupportAttachment, SupportMessage, SupportThread } from '../support/support.entities.js';
import { Tariff } from '../tariffs/tariff.entity.js';
import { Webhook } from '../webhooks/webhook.entity.js';
import { Account } from './account.entity.js';
import { Session } from './session.entity.js';

const asc = { orderBy: { id: 'asc' } } as const;

export async function personalDataOf(em: EntityManager, accountId: number, now = new Date()) {
  const account = await em.findOneOrFail(Account, { id: accountId, deletedAt: null });
  // One after another: an EntityManager is not for concurrent queries.
  const sessions = await em.find(Session, { account: accountId }, asc);
  const bindings = await em.find(Binding, { account: accountId }, { ...asc, populate: ['controller', 'meter'] });
  const labels = await em.find(MeterLabel, { account: accountId }, { ...asc, populate: ['meter'] });
  const links = await em.find(SupplierLink, { account: accountId }, { ...asc, populate: ['supplier', 'meter'] });
  const submissions = await em.find(Submission, { account: accountId }, { ...asc, populate: ['supplier', 'meter'] });
  const alerts = await em.find(Alert, { account: accountId }, { ...asc, populate: ['meter', 'controller'] });
  const settings = await em.find(AlertSettings, { account: accountId }, { ...asc, populate: ['meter'] });
  const preferences = await em.findOne(AlertPreferences, { account: accountId });
  const away = await em.find(AwayPeriod, { account: accountId }, asc);
  const push = await em.find(PushSubscriptionRecord, { account: accountId }, asc);
  const webhooks = await em.find(Webhook, { account: accountId }, asc);
  const tariffs = await em.find(Tariff, { owner: accountId }, { ...asc, populate: ['meter', 'versions'] });
  const threads = await em.find(SupportThread, { account: accountId }, asc);
  const messages = threads.length ? await em.find(SupportMessage, { thread: { $in: threads.map((t) => t.id) } }, asc) : [];
  const callbacks = await em.find(CallbackRequest, { account: accountId }, asc);
  const feedback = await em.find(Feedback, { account: accountId }, asc);
  const attachments = messages.length ? await em.find(SupportAttachment, { message: { $in: messages.map((m) => m.id) } }, { ...asc, fields: ['message', 'filename', 'mimeType', 'size'] }) : [];

  return {
    generatedAt: now.toISOString(),
    about:
      'Всё, что сервис хранит о вас, кроме секретов (хеш пароля, токенов, ключи подписи). Показания счётчиков — в разделе «Показания и отчёты» каждого счётчика (CSV, XLSX). / Everything the service keeps about you but secrets; meter readings are exported from each meter’s «Readings and reports».',
    account: {
      phone: account.phone,
      fullName: account.fullName,
      email: account.email,
      emailConfirmedAt: account.emailConfirmedAt,
      address: account.address,
      timeZone: account.timeZone,
      language: account.language,
      createdAt: account.createdAt,
    },
    sessions: sessions.map((s) => ({ kind: s.kind, name: s.name, createdAt: s.createdAt, lastUsedAt: s.lastUsedAt, expiresAt: s.expiresAt, revokedAt: s.revokedAt, userAgent: s.userAgent, ip: s.ip })),
    devices: bindings.map((b) => ({ controller: b.controller?.serial ?? null, meter: b.meter?.serial ?? null, boundAt: b.boundAt, unboundAt: b.unboundAt })),
    meterNames: labels.map((l) => ({ meter: l.meter.serial, name: l.label })),
    supplierAccounts: links.map((l) => ({ supplier: l.supplier.name, meter: l.meter.serial, accountNumber: l.accountNumber, linkedAt: l.linkedAt, unlinkedAt: l.unlinkedAt })),
    submissions: submissions.map((s) => ({
      supplier: s.supplier.name,
      meter: s.meter.serial,
      accountNumber: s.accountNumber,
      period: s.period,
      status: s.status,
      values: s.values,
      readingTime: s.readingTime,
      deliveredAt: s.deliveredAt,
      reason: s.reason,
    })),
    warnings: alerts.map((a) => ({ rule: a.rule, meter: a.meter?.serial ?? null, controller: a.controller?.serial ?? null, facts: a.facts, openedAt: a.openedAt, resolvedAt: a.resolvedAt, endedBy: a.endedBy, acknowledgedAt: a.acknowledgedAt })),
    warningSettings: {
      quietHours: preferences && preferences.quietFrom !== null ? { from: preferences.quietFrom, to: preferences.quietTo } : null,
      meters: settings.map((s) => ({ meter: s.meter.serial, leakHours: s.leakHours, nightLeakHours: s.nightLeakHours, minLitresPerHour: s.minLitresPerHour, continuousFlowUntil: s.continuousFlowUntil })),
      awayPeriods: away.map((a) => ({ from: a.from, to: a.to, createdAt: a.createdAt })),
    },
    pushSubscriptions: push.map((p) => ({ service: new URL(p.endpoint).host, createdAt: p.createdAt, lastSentAt: p.lastSentAt })),
    webhooks: webhooks.map((w) => ({ url: w.url, description: w.description, createdAt: w.createdAt })),
    ownTariffs: tariffs.map((t) => ({ name: t.name, meter: t.meter?.serial ?? null, versions: t.versions.getItems().map((v) => v.toPricing()) })),
    supportConversations: threads.map((t) => ({
      topic: t.topic,
      status: t.status,
      createdAt: t.createdAt,
      messages: messages
        .filter((m) => m.thread.id === t.id)
        .map((m) => ({
          from: m.fromSupport ? 'support' : 'you',
          text: m.text,
          at: m.createdAt,
          attachments: attachments.filter((a) => a.message?.id === m.id).map((a) => ({ filename: a.filename, type: a.mimeType, bytes: a.size })),
        })),
    })),
    callbackRequests: callbacks.map((c) => ({ name: c.name, phone: c.phone, topic: c.topic, createdAt: c.createdAt, calledBackAt: c.doneAt })),
    feedback: feedback.map((f) => ({ name: f.name, contact: f.contact, message: f.message, createdAt: f.createdAt })),
  };
}

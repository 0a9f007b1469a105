/**
 * The email channel: the readings as text, and as CSV and XLSX attachments made by the report exporters, with a
 * stable Message-ID per submission (the idempotency key), so a mail system can drop a repeat of the same submission.
 * Without SMTP (development) the message goes to the outbox, as every other email does.
 */
import type { Transporter } from 'nodemailer';
import { DateTime } from 'luxon';
import { toCsv, toXlsx, type Table } from '../readings/export.js';
import type { EngineDeps } from './engine.js';
import type { Submission } from './submission.entity.js';
import type { Outcome } from './webhook.js';

const transports = new Map<string, Promise<Transporter>>();
const transportFor = (url: string) => {
  let t = transports.get(url);
  if (!t) {
    t = import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(url, { logger: false, debug: false }));
    transports.set(url, t);
  }
  return t;
};

export const messageIdOf = (s: Pick<Submission, 'idempotencyKey'>) => `<submission-${s.idempotencyKey}@askue.local>`;

export function submissionTable(s: Submission): Table {
  const b = JSON.parse(s.body!) as { readings: Array<{ register: string; value: string; unit: string }>; readingTime: string | null };
  const time = b.readingTime ? DateTime.fromISO(b.readingTime, { zone: s.supplier.timeZone }).toFormat('yyyy-LL-dd HH:mm') : 'введено абонентом';
  return {
    title: `Показания ${s.period}`,
    columns: [
      { header: 'Лицевой счёт' },
      { header: 'Период' },
      { header: 'Счётчик' },
      { header: 'Шкала' },
      { header: 'Показание' },
      { header: 'Единица' },
      { header: `Время снятия (${s.supplier.timeZone})` },
    ],
    rows: b.readings.map((r) => [s.accountNumber, s.period, s.meter.serial, r.register, Number(r.value), r.unit, time]),
  };
}

export function emailText(s: Submission): string {
  const b = JSON.parse(s.body!) as { readings: Array<{ register: string; value: string; unit: string }>; readingTime: string | null; enteredByCustomer: boolean };
  const time = b.readingTime ? DateTime.fromISO(b.readingTime, { zone: s.supplier.timeZone }).toFormat('dd.LL.yyyy HH:mm') : null;
  return [
    `Показания приборов учёта за ${s.period}`,
    '',
    `Лицевой счёт: ${s.accountNumber}`,
    `Счётчик: ${s.meter.serial}`,
    ...b.readings.map((r) => `  ${r.register}: ${r.value.replace('.', ',')} ${r.unit === 'm3' ? 'м³' : 'кВт·ч'}`),
    time ? `Сняты: ${time} (${s.supplier.timeZone})` : 'Введены абонентом вручную',
    '',
    `Идентификатор передачи: ${s.idempotencyKey}`,
    'Таблицы — во вложениях (CSV и XLSX).',
  ].join('\n');
}

export async function sendEmail(s: Submission, deps: Pick<EngineDeps, 'smtpUrl' | 'mailFrom' | 'channels'>, _now: Date): Promise<Outcome> {
  const table = submissionTable(s);
  const name = `readings-${s.accountNumber}-${s.period}`;
  const subject = `Показания за ${s.period}, лицевой счёт ${s.accountNumber}`;
  const text = emailText(s);
  if (deps.smtpUrl) {
    const transport = await transportFor(deps.smtpUrl);
    await transport.sendMail({
      from: deps.mailFrom(),
      to: s.supplier.email!,
      subject,
      text,
      messageId: messageIdOf(s),
      attachments: [
        { filename: `${name}.csv`, content: toCsv(table), contentType: 'text/csv; charset=utf-8' },
        { filename: `${name}.xlsx`, content: await toXlsx(table), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      ],
    });
    return { ok: true, verdict: null };
  }
  if (!deps.channels.outbox) return { ok: false, error: 'no SMTP server configured' };
  await deps.channels.outbox.append({ channel: 'email', to: s.supplier.email!, subject, text: `${text}\n\n[вложения: ${name}.csv, ${name}.xlsx; Message-ID ${messageIdOf(s)}]` });
  return { ok: true, verdict: null };
}

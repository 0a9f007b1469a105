/** What a warning says by email and SMS, in Russian (as every message the operator sends; the cabinet has both languages). */
import type { Alert } from './alert.entity.js';

const when = (iso: unknown, zone: string) =>
  typeof iso === 'string' ? new Intl.DateTimeFormat('ru-RU', { timeZone: zone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(iso)) : '';

/** What each warning is called: an email's subject and a push notification's title. */
export const ALERT_TITLES: Record<Alert['rule'], string> = {
  LEAK: 'Возможна протечка',
  BURST: 'Очень большой расход воды',
  AWAY_USE: 'Расход, пока вы в отъезде',
  MODEM_SILENT: 'Модем не выходит на связь',
  LOW_BATTERY: 'Садится батарея модема',
  WEAK_SIGNAL: 'Слабый сигнал модема',
  VERIFICATION_DUE: 'Срок поверки счётчика',
  VOLTAGE: 'Напряжение вне нормы',
  SUBMISSION_FAILED: 'Показания не приняты поставщиком',
  ABNORMAL_DAY: 'Необычно большой расход',
};

/** A number as Russian writes it: a decimal comma (400,3 л). */
const ru = (v: unknown) => String(v).replace('.', ',');

/** The one-line statement of an alert (also the SMS without the operator's name). */
export function alertLine(alert: Alert, subject: string, zone: string): string {
  const raw = alert.facts;
  const f = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'number' ? ru(v) : v]));
  switch (alert.rule) {
    case 'LEAK':
      return `Возможна протечка: счётчик ${subject} показывает расход без перерыва ${f.hours} ч (с ${when(f.since, zone)}, ${f.litres} л). Проверьте краны, бачок унитаза и трубы.`;
    case 'BURST':
      return `Очень большой расход воды: ${f.litres} л за ${f.minutes} мин по счётчику ${subject}. Если это не вы — перекройте воду.`;
    case 'AWAY_USE':
      return f.unit === 'W'
        ? `Вы в отъезде, а счётчик ${subject} показывает потребление ${f.amount} Вт.`
        : `Вы в отъезде, а счётчик ${subject} показывает расход воды (${f.amount} л за последний интервал).`;
    case 'MODEM_SILENT':
      return `Модем ${subject} не выходит на связь с ${when(f.lastSeenAt, zone)}: показания не поступают.`;
    case 'LOW_BATTERY':
      return `У модема ${subject} садится батарея: ${f.batteryPct} %.`;
    case 'WEAK_SIGNAL':
      return `Слабый сигнал у модема ${subject}: ${f.signalDbm} дБм — показания могут теряться.`;
    case 'VERIFICATION_DUE':
      return Number(f.days) < 0
        ? `Срок поверки счётчика ${subject} истёк ${f.due}: показания могут не принять, начисления пойдут по нормативу.`
        : `Поверка счётчика ${subject} — до ${f.due} (осталось ${f.days} дн.).`;
    case 'VOLTAGE':
      return f.interruption === true
        ? `Нет напряжения на фазе ${f.phase} счётчика ${subject} с ${when(f.since, zone)}.`
        : `Напряжение на фазе ${f.phase} счётчика ${subject} — ${f.volts} В, вне допустимых 207–253 В с ${when(f.since, zone)}.`;
    case 'ABNORMAL_DAY':
      return `Необычно большой расход ${f.day} по счётчику ${subject}: ${f.consumption} ${f.unit} при обычных ${f.median} ${f.unit} в этот день недели.`;
    case 'SUBMISSION_FAILED':
      return f.status === 'AWAITING_VALUES'
        ? `Показания счётчика ${subject} за этот месяц не удалось снять для «${f.supplier}»: модем не прислал свежих данных. Введите их в кабинете, пока открыт приём.`
        : `Показания счётчика ${subject} не приняты поставщиком «${f.supplier}»${f.reason ? `: ${f.reason}` : ''}. Проверьте в кабинете и передайте снова.`;
    default:
      return `Предупреждение по ${subject}.`;
  }
}

export function alertText(operator: string, alert: Alert, subject: string, zone: string, link: string): { subject: string; body: string; sms: string } {
  const line = alertLine(alert, subject, zone);
  return {
    subject: `${operator}: ${ALERT_TITLES[alert.rule]}`,
    body: ['Здравствуйте!', '', line, '', `Подробности и настройки предупреждений: ${link}`, '', `— ${operator}`].join('\n'),
    sms: `${operator}: ${line}`,
  };
}

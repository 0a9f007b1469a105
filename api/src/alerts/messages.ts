/**
 * What a warning says by email, SMS and push, in the account's language (Russian unless the customer chose English
 * in the cabinet, Account.language); the cabinet words warnings itself from their rule and facts.
 */
import { Language } from '../accounts/account.entity.js';
import { letter, type OperatorName } from '../delivery/messages.js';
import { SUBMISSION_REASON_WORDS } from '../submissions/reasons.js';
import type { Alert } from './alert.entity.js';

type Facts = Record<string, unknown>;

/** Our own reasons a submission failed, in words; a supplier's rejection is said in its own words, as it came. */
const reasonWords = (language: Language, reason: unknown) => (SUBMISSION_REASON_WORDS[language] as Record<string, string>)[String(reason)] ?? String(reason);
/** The units of ABNORMAL_DAY's facts (written in Russian) in English. */
const UNIT_EN: Record<string, string> = { 'кВт·ч': 'kWh', 'м³': 'm³' };
/**
 * A rule's statement: the facts (numbers already written the language's way), the subject's serial, a date-time
 * formatter, and one of calendar days (`2027-01-01` → «1 января 2027 г.», with `weekday` «пятница, 1 января 2027 г.»).
 */
type Line = (f: Facts, subject: string, when: (iso: unknown) => string, day: (date: unknown, weekday?: boolean) => string) => string;

/** «25 дней», «21 день», «3 дня». */
const daysRu = (n: number) => {
  const form = new Intl.PluralRules('ru-RU').select(n);
  return `${n} ${form === 'one' ? 'день' : form === 'few' ? 'дня' : 'дней'}`;
};

const LOCALE: Record<Language, string> = { [Language.RU]: 'ru-RU', [Language.EN]: 'en-GB' };

/** Roubles as the facts carry them ("3412.50") → «3 412,50 ₽» / «RUB 3,412.50». */
const rub = (language: Language, v: unknown) => new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency: 'RUB' }).format(Number(v));
/** A month as the facts carry it ("2026-12") → «декабрь 2026 г.» / «December 2026». */
const monthOf = (language: Language, v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v) ? new Intl.DateTimeFormat(LOCALE[language], { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${v}-01T00:00:00Z`)) : String(v ?? ''));

/**
 * Each rule's title (an email's subject, a push notification's title) and statement, in both languages; the rules
 * that go by SMS (CRITICAL) also have a short form that fits one SMS — 70 characters in Cyrillic, 160 in plain
 * Latin — with the operator's name before it: the statement would take three segments.
 */
const TEXTS: Record<Alert['rule'], { title: Record<Language, string>; line: Record<Language, Line>; sms?: Record<Language, Line> }> = {
  LEAK: {
    title: { RU: 'Возможна протечка', EN: 'Possible leak' },
    line: {
      RU: (f, s, when) => `Возможна протечка: счётчик ${s} показывает расход без перерыва ${f.hours} ч (с ${when(f.since)}, ${f.litres} л). Проверьте краны, бачок унитаза и трубы.`,
      EN: (f, s, when) => `Possible leak: meter ${s} has shown flow without a break for ${f.hours} h (since ${when(f.since)}, ${f.litres} L). Check the taps, the toilet cistern and the pipes.`,
    },
    sms: {
      RU: (f, s) => `возможна протечка, ${s}: вода идёт ${f.hours} ч подряд.`,
      EN: (f, s) => `possible leak at meter ${s}: water has flowed without a break for ${f.hours} h. Check the taps and the pipes.`,
    },
  },
  BURST: {
    title: { RU: 'Очень большой расход воды', EN: 'Very high water flow' },
    line: {
      RU: (f, s) => `Очень большой расход воды: ${f.litres} л за ${f.minutes} мин по счётчику ${s}. Если это не вы — перекройте воду.`,
      EN: (f, s) => `Very high water flow: ${f.litres} L in ${f.minutes} min through meter ${s}. If this is not you, turn the water off.`,
    },
    sms: {
      RU: (f, s) => `${f.litres} л воды за ${f.minutes} мин по ${s}. Не вы — перекройте воду.`,
      EN: (f, s) => `${f.litres} L of water in ${f.minutes} min through meter ${s}. If this is not you, turn the water off.`,
    },
  },
  AWAY_USE: {
    title: { RU: 'Расход, пока вы в отъезде', EN: 'Use while you are away' },
    line: {
      RU: (f, s) => (f.unit === 'W' ? `Вы в отъезде, а счётчик ${s} показывает потребление ${f.amount} Вт.` : `Вы в отъезде, а счётчик ${s} показывает расход воды (${f.amount} л за последний интервал).`),
      EN: (f, s) => (f.unit === 'W' ? `You are away, and meter ${s} shows ${f.amount} W being used.` : `You are away, and meter ${s} shows water flowing (${f.amount} L in the last interval).`),
    },
    sms: {
      RU: (f, s) => (f.unit === 'W' ? `вы в отъезде, а ${s} показывает ${f.amount} Вт.` : `вы в отъезде, а по ${s} идёт вода: ${f.amount} л.`),
      EN: (f, s) => (f.unit === 'W' ? `you are away, and meter ${s} shows ${f.amount} W being used.` : `you are away, and water is flowing through meter ${s} (${f.amount} L).`),
    },
  },
  MODEM_SILENT: {
    title: { RU: 'Модем не выходит на связь', EN: 'Modem not reporting' },
    line: {
      RU: (f, s, when) => `Модем ${s} не выходит на связь с ${when(f.lastSeenAt)}: показания не поступают.`,
      EN: (f, s, when) => `Modem ${s} has not reported since ${when(f.lastSeenAt)}: no readings are arriving.`,
    },
  },
  LOW_BATTERY: {
    title: { RU: 'Садится батарея модема', EN: 'Modem battery low' },
    line: { RU: (f, s) => `У модема ${s} садится батарея: ${f.batteryPct} %.`, EN: (f, s) => `The battery of modem ${s} is running low: ${f.batteryPct} %.` },
  },
  WEAK_SIGNAL: {
    title: { RU: 'Слабый сигнал модема', EN: 'Weak modem signal' },
    line: {
      RU: (f, s) => `Слабый сигнал у модема ${s}: ${f.signalDbm} дБм — показания могут теряться.`,
      EN: (f, s) => `Weak signal at modem ${s}: ${f.signalDbm} dBm — readings may be lost.`,
    },
  },
  VERIFICATION_DUE: {
    title: { RU: 'Срок поверки счётчика', EN: 'Meter verification due' },
    line: {
      RU: (f, s, _, day) =>
        Number(f.days) < 0
          ? `Срок поверки счётчика ${s} истёк ${day(f.due)}: показания могут не принять, начисления пойдут по нормативу.`
          : Number(f.days) === 0
            ? `Срок поверки счётчика ${s} — сегодня, ${day(f.due)}` // the date ends in «г.»
            : `Срок поверки счётчика ${s} — ${day(f.due)}, через ${daysRu(Number(f.days))}.`,
      EN: (f, s, _, day) =>
        Number(f.days) < 0
          ? `The verification of meter ${s} expired on ${day(f.due)}: its readings may be refused and bills based on standard rates.`
          : Number(f.days) === 0
            ? `Meter ${s} must be verified today, ${day(f.due)}.`
            : `Meter ${s} must be verified by ${day(f.due)}, in ${f.days} ${Number(f.days) === 1 ? 'day' : 'days'}.`,
    },
  },
  VOLTAGE: {
    title: { RU: 'Напряжение вне нормы', EN: 'Voltage out of range' },
    line: {
      RU: (f, s, when) =>
        f.interruption === true
          ? `Нет напряжения на фазе ${f.phase} счётчика ${s} с ${when(f.since)}.`
          : `Напряжение на фазе ${f.phase} счётчика ${s} — ${f.volts} В, вне допустимых 207–253 В с ${when(f.since)}.`,
      EN: (f, s, when) =>
        f.interruption === true
          ? `No voltage on phase ${f.phase} of meter ${s} since ${when(f.since)}.`
          : `The voltage on phase ${f.phase} of meter ${s} is ${f.volts} V, outside 207–253 V since ${when(f.since)}.`,
    },
  },
  SUBMISSION_FAILED: {
    title: { RU: 'Показания не приняты поставщиком', EN: 'Readings not accepted by the supplier' },
    line: {
      RU: (f, s) =>
        f.status === 'AWAITING_VALUES'
          ? `Показания счётчика ${s} за этот месяц не удалось снять для «${f.supplier}»: модем не прислал свежих данных. Введите их в кабинете, пока открыт приём.`
          : `Показания счётчика ${s} не приняты поставщиком «${f.supplier}»${f.reason ? `: ${reasonWords(Language.RU, f.reason)}` : ''}. Проверьте в кабинете и передайте снова.`,
      EN: (f, s) =>
        f.status === 'AWAITING_VALUES'
          ? `This month's readings of meter ${s} for “${f.supplier}” could not be taken: the modem sent no fresh data. Enter them in the cabinet while the window is open.`
          : `The readings of meter ${s} were not accepted by “${f.supplier}”${f.reason ? `: ${reasonWords(Language.EN, f.reason)}` : ''}. Check them in the cabinet and send them again.`,
    },
  },
  BUDGET: {
    title: { RU: 'Расходы выше бюджета', EN: 'Costs above your budget' },
    line: {
      RU: (f, s) =>
        Number(f.spent) > Number(f.budget)
          ? `По счётчику ${s} за ${monthOf(Language.RU, f.month)} уже ${rub(Language.RU, f.spent)} — больше вашего бюджета ${rub(Language.RU, f.budget)}.`
          : `По счётчику ${s} за ${monthOf(Language.RU, f.month)} прогноз ${rub(Language.RU, f.forecast)} — больше вашего бюджета ${rub(Language.RU, f.budget)}; пока потрачено ${rub(Language.RU, f.spent)}.`,
      EN: (f, s) =>
        Number(f.spent) > Number(f.budget)
          ? `Meter ${s} has cost ${rub(Language.EN, f.spent)} in ${monthOf(Language.EN, f.month)} already — above your budget of ${rub(Language.EN, f.budget)}.`
          : `Meter ${s} is forecast to cost ${rub(Language.EN, f.forecast)} in ${monthOf(Language.EN, f.month)} — above your budget of ${rub(Language.EN, f.budget)}; ${rub(Language.EN, f.spent)} so far.`,
    },
  },
  ABNORMAL_DAY: {
    title: { RU: 'Необычно большой расход', EN: 'Unusually high use' },
    line: {
      RU: (f, s, _, day) => `Необычно большой расход по счётчику ${s}: ${day(f.day, true)} — ${f.consumption} ${f.unit} при обычных ${f.median} ${f.unit} в этот день недели.`,
      EN: (f, s, _, day) => {
        const unit = UNIT_EN[String(f.unit)] ?? f.unit;
        return `Unusually high use on ${day(f.day, true)} at meter ${s}: ${f.consumption} ${unit} against a usual ${f.median} ${unit} on that weekday.`;
      },
    },
  },
};

/** What each warning is called: an email's subject and a push notification's title. */
export function alertTitle(rule: Alert['rule'], language: Language = Language.RU): string {
  return TEXTS[rule]?.title[language] ?? TEXTS[rule]?.title.RU ?? rule;
}

/** The one-line statement of an alert. */
export function alertLine(alert: Alert, subject: string, zone: string, language: Language = Language.RU): string {
  return worded(alert, subject, zone, language, 'line');
}

function worded(alert: Alert, subject: string, zone: string, language: Language, form: 'line' | 'sms'): string {
  const format = new Intl.DateTimeFormat(LOCALE[language], { timeZone: zone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
  const when = (iso: unknown) => (typeof iso === 'string' ? format.format(new Date(iso)) : '');
  // A calendar day is the same day everywhere: formatted as the date it names, at UTC.
  const dayFormat = (weekday: boolean) => new Intl.DateTimeFormat(LOCALE[language], { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric', ...(weekday ? { weekday: 'long' } : {}) });
  const day = (date: unknown, weekday = false) => (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? dayFormat(weekday).format(new Date(`${date}T00:00:00Z`)) : String(date ?? ''));
  // Russian writes a decimal comma (400,3 л).
  const f = Object.fromEntries(Object.entries(alert.facts).map(([k, v]) => [k, typeof v === 'number' && language === Language.RU ? String(v).replace('.', ',') : v]));
  const text = TEXTS[alert.rule];
  const line = (form === 'sms' ? text?.sms?.[language] : undefined) ?? text?.line[language];
  if (line) return line(f, subject, when, day);
  return language === Language.EN ? `A warning about ${subject}.` : `Предупреждение по ${subject}.`;
}

export function alertText(operator: OperatorName, alert: Alert, subject: string, zone: string, link: string, language: Language = Language.RU): { subject: string; body: string; sms: string } {
  const line = alertLine(alert, subject, zone, language);
  const details = language === Language.EN ? 'Details and warning settings' : 'Подробности и настройки предупреждений';
  const { subject: title, text } = letter(operator, language, alertTitle(alert.rule, language), [line, '', `${details}: ${link}`]);
  return { subject: title, body: text, sms: `${operator[language]}: ${worded(alert, subject, zone, language, 'sms')}` };
}

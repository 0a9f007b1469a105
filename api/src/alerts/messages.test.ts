/** What a warning's SMS says: one segment for every rule that goes by SMS, in both languages, with a long serial. */
import { describe, expect, it } from 'vitest';
import { Language } from '../accounts/account.entity.js';
import type { Meter } from '../devices/meter.entity.js';
import { Alert, AlertSeverity, SEVERITY, type AlertRule } from './alert.entity.js';
import { alertLine, alertText } from './messages.js';

const OPERATOR = { RU: 'Комета', EN: 'Cometa' };
// GSM 03.38's basic alphabet: an SMS only of these holds 160 characters; one other character makes it UCS-2 (70).
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;
const segments = (text: string) => (GSM7.test(text) ? (text.length <= 160 ? 1 : Math.ceil(text.length / 153)) : text.length <= 70 ? 1 : Math.ceil(text.length / 67));

const serial = 'CW-12345678';
const FACTS: Partial<Record<AlertRule, object[]>> = {
  LEAK: [{ litres: 1940.5, hours: 124.3, since: '2026-12-06T21:00:00.000Z' }],
  BURST: [{ litres: 1400, minutes: 30 }],
  AWAY_USE: [{ unit: 'W', amount: 12345 }, { unit: 'L', amount: 140.5 }],
};
const alertOf = (rule: AlertRule, facts: object) => new Alert({ id: 1 } as never, { meter: { id: 2, serial } as Meter }, rule, facts, new Date('2026-12-07T03:00:00Z'));

describe('a warning by SMS', () => {
  const critical = (Object.keys(SEVERITY) as AlertRule[]).filter((rule) => SEVERITY[rule] === AlertSeverity.CRITICAL);

  it('is one segment for every rule that goes by SMS, in Russian and in English', () => {
    expect(Object.keys(FACTS).sort()).toEqual([...critical].sort());
    for (const rule of critical)
      for (const facts of FACTS[rule]!)
        for (const language of [Language.RU, Language.EN]) {
          const { sms } = alertText(OPERATOR, alertOf(rule, facts), serial, 'Europe/Moscow', 'https://askue.example/alerts', language);
          expect([sms.startsWith(`${OPERATOR[language]}: `), sms.includes(serial), segments(sms)], sms).toEqual([true, true, 1]);
          // English stays in the 7-bit alphabet: one «—» or curly quote would cut a segment to 70 characters.
          if (language === Language.EN) expect(GSM7.test(sms), sms).toBe(true);
        }
  });

  it('says what happened and what to do, shorter than the cabinet’s statement', () => {
    const leak = alertOf('LEAK', { litres: 194, hours: 24.3, since: '2026-12-06T03:00:00.000Z' });
    expect(alertText(OPERATOR, leak, serial, 'Europe/Moscow', '', Language.RU).sms).toBe(`Комета: возможна протечка, ${serial}: вода идёт 24,3 ч подряд.`);
    expect(alertLine(leak, serial, 'Europe/Moscow', Language.RU)).toBe(`Возможна протечка: счётчик ${serial} показывает расход без перерыва 24,3 ч (с 6 декабря в 06:00, 194 л). Проверьте краны, бачок унитаза и трубы.`);
    const burst = alertOf('BURST', { litres: 400, minutes: 1 });
    expect(alertText(OPERATOR, burst, serial, 'Europe/Moscow', '', Language.RU).sms).toBe(`Комета: 400 л воды за 1 мин по ${serial}. Не вы — перекройте воду.`);
    expect(alertText(OPERATOR, burst, serial, 'Europe/Moscow', '', Language.EN).sms).toBe(`Cometa: 400 L of water in 1 min through meter ${serial}. If this is not you, turn the water off.`);
  });
});

describe('a warning by email and push', () => {
  it('says our own reason a submission failed in words, and a supplier’s as it came', () => {
    const failed = (reason: string) => alertOf('SUBMISSION_FAILED', { supplier: 'Энергосбыт', status: 'FAILED', reason });
    expect(alertLine(failed('NO_FRESH_READINGS'), serial, 'Europe/Moscow', Language.RU)).toBe(
      `Показания счётчика ${serial} не приняты поставщиком «Энергосбыт»: к дате передачи не было свежих показаний счётчика, а вручную их не ввели. Проверьте в кабинете и передайте снова.`,
    );
    expect(alertLine(failed('WINDOW_CLOSED'), serial, 'Europe/Moscow', Language.EN)).toBe(
      `The readings of meter ${serial} were not accepted by “Энергосбыт”: the submission window closed. Check them in the cabinet and send them again.`,
    );
    expect(alertLine(failed('Лицевой счёт закрыт'), serial, 'Europe/Moscow', Language.RU)).toContain('«Энергосбыт»: Лицевой счёт закрыт.');
  });

  it('writes an unusual day’s units in the language of the message, and the day as people write it, with its weekday', () => {
    const day = alertOf('ABNORMAL_DAY', { day: '2026-12-06', consumption: 31.5, median: 9.8, unit: 'кВт·ч' });
    expect(alertLine(day, 'E-0001', 'Europe/Moscow', Language.EN)).toBe('Unusually high use on Sunday, 6 December 2026 at meter E-0001: 31.5 kWh against a usual 9.8 kWh on that weekday.');
    expect(alertLine(day, 'E-0001', 'Europe/Moscow', Language.RU)).toBe('Необычно большой расход по счётчику E-0001: воскресенье, 6 декабря 2026 г. — 31,5 кВт·ч при обычных 9,8 кВт·ч в этот день недели.');
  });

  it('says when a verification is due as a date and a count of days, not «2027-01-01 (осталось 25 дн.)»', () => {
    const due = (days: number, date: string) => alertOf('VERIFICATION_DUE', { due: date, days });
    const line = (days: number, date: string, language: Language) => alertLine(due(days, date), 'HW-0001', 'Asia/Vladivostok', language);
    expect(line(25, '2027-01-01', Language.RU)).toBe('Срок поверки счётчика HW-0001 — 1 января 2027 г., через 25 дней.');
    expect(line(21, '2026-12-28', Language.RU)).toBe('Срок поверки счётчика HW-0001 — 28 декабря 2026 г., через 21 день.');
    expect(line(3, '2026-12-10', Language.RU)).toBe('Срок поверки счётчика HW-0001 — 10 декабря 2026 г., через 3 дня.');
    expect(line(0, '2026-12-07', Language.RU)).toBe('Срок поверки счётчика HW-0001 — сегодня, 7 декабря 2026 г.');
    expect(line(-1, '2026-12-06', Language.RU)).toBe('Срок поверки счётчика HW-0001 истёк 6 декабря 2026 г.: показания могут не принять, начисления пойдут по нормативу.');
    expect(line(25, '2027-01-01', Language.EN)).toBe('Meter HW-0001 must be verified by 1 January 2027, in 25 days.');
    expect(line(1, '2026-12-08', Language.EN)).toBe('Meter HW-0001 must be verified by 8 December 2026, in 1 day.');
  });
});

/** A warning as the cabinet says it: our own reason a submission failed in words, in either language. */
import { describe, expect, it } from 'vitest';
import { alertsRu } from './alerts';
import { alertsEn } from './alerts.en';

const when = (iso: string) => iso;
/** A calendar day as the page's formatter would write it, marked so the test sees which form was asked for. */
const day = (date: string, weekday = false) => (weekday ? `[weekday] ${date}` : `[day] ${date}`);

describe('the cabinet’s words for a warning', () => {
  it('say why the supplier got no readings, not the code', () => {
    const facts = (reason: string) => ({ supplier: 'Энергосбыт', status: 'FAILED', reason });
    expect(alertsRu.text('SUBMISSION_FAILED', facts('NO_FRESH_READINGS'), 'E-0001', when, day)).toBe(
      'Показания счётчика E-0001 не приняты поставщиком «Энергосбыт»: к дате передачи не было свежих показаний счётчика, а вручную их не ввели.',
    );
    expect(alertsEn.text('SUBMISSION_FAILED', facts('UNLINKED'), 'E-0001', when, day)).toBe(
      'Supplier «Энергосбыт» did not accept the readings of meter E-0001: stopped: the supplier was unlinked, the device removed or the account deleted.',
    );
    // A supplier's own rejection, as it came.
    expect(alertsRu.text('SUBMISSION_FAILED', facts('Лицевой счёт закрыт'), 'E-0001', when, day)).toBe('Показания счётчика E-0001 не приняты поставщиком «Энергосбыт»: Лицевой счёт закрыт.');
  });

  it('say when a verification is due as a day and a count of days in the right form', () => {
    const due = (days: number, date: string) => ({ due: date, days: String(days) });
    expect(alertsRu.text('VERIFICATION_DUE', due(25, '2027-01-01'), 'HW-0001', when, day)).toBe('Срок поверки счётчика HW-0001 — [day] 2027-01-01, через 25 дней.');
    expect(alertsRu.text('VERIFICATION_DUE', due(21, '2026-12-28'), 'HW-0001', when, day)).toBe('Срок поверки счётчика HW-0001 — [day] 2026-12-28, через 21 день.');
    expect(alertsRu.text('VERIFICATION_DUE', due(2, '2026-12-09'), 'HW-0001', when, day)).toBe('Срок поверки счётчика HW-0001 — [day] 2026-12-09, через 2 дня.');
    expect(alertsRu.text('VERIFICATION_DUE', due(-3, '2026-12-04'), 'HW-0001', when, day)).toBe('Срок поверки счётчика HW-0001 истёк [day] 2026-12-04: показания могут не принять.');
    expect(alertsEn.text('VERIFICATION_DUE', due(1, '2026-12-08'), 'HW-0001', when, day)).toBe('Meter HW-0001 is due for verification by [day] 2026-12-08, in 1 day.');
    expect(alertsEn.text('ABNORMAL_DAY', { day: '2026-11-30', consumption: '24', median: '7.2', unit: 'кВт·ч' }, 'E-0001', when, day)).toBe('Meter E-0001: 24 kWh on [weekday] 2026-11-30, against a usual 7.2 kWh on that weekday.');
  });

  it('say a budget overrun in money and a month, forecast or spent', () => {
    const nb = (s: string) => s.replace(/\u00a0/g, ' ');
    const forecast = { month: '2026-01', budget: '3000.00', spent: '1380.00', forecast: '3720.00' };
    expect(nb(alertsRu.text('BUDGET', forecast, 'E-0001', when, day))).toBe('Счётчик E-0001: прогноз за январь 2026 г. — 3 720,00 ₽, больше бюджета 3 000,00 ₽. Пока потрачено 1 380,00 ₽.');
    expect(nb(alertsEn.text('BUDGET', { ...forecast, spent: '3660.00' }, 'E-0001', when, day))).toBe('Meter E-0001: ₽3,660.00 in January 2026 already — above your budget of ₽3,000.00.');
  });
});

/** A warning as the cabinet says it: our own reason a submission failed in words, in either language. */
import { describe, expect, it } from 'vitest';
import { alertsEn, alertsRu } from './alerts';

const when = (iso: string) => iso;

describe('the cabinet’s words for a warning', () => {
  it('say why the supplier got no readings, not the code', () => {
    const facts = (reason: string) => ({ supplier: 'Энергосбыт', status: 'FAILED', reason });
    expect(alertsRu.text('SUBMISSION_FAILED', facts('NO_FRESH_READINGS'), 'E-0001', when)).toBe(
      'Показания счётчика E-0001 не приняты поставщиком «Энергосбыт»: к дате передачи не было свежих показаний счётчика, а вручную их не ввели.',
    );
    expect(alertsEn.text('SUBMISSION_FAILED', facts('UNLINKED'), 'E-0001', when)).toBe(
      'Supplier «Энергосбыт» did not accept the readings of meter E-0001: stopped: the supplier was unlinked, the device removed or the account deleted.',
    );
    // A supplier's own rejection, as it came.
    expect(alertsRu.text('SUBMISSION_FAILED', facts('Лицевой счёт закрыт'), 'E-0001', when)).toBe('Показания счётчика E-0001 не приняты поставщиком «Энергосбыт»: Лицевой счёт закрыт.');
  });
});

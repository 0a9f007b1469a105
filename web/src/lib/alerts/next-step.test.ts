/** Each open warning leads to where it is dealt with. */
import { describe, expect, it } from 'vitest';
import { nextStep } from './next-step';

const meters: Record<string, string> = { 'C-1': '7' };
const meterOf = (serial: string) => meters[serial] ?? null;

describe('next step of a warning', () => {
  it('a meter warning leads to the part of the meter’s pages that answers it', () => {
    const of = (rule: string) => nextStep({ rule, meter: { id: '3' }, controllerSerial: null }, meterOf);
    expect(of('VERIFICATION_DUE')).toEqual({ step: 'verify', href: '/meters/3#verification' });
    expect(of('SUBMISSION_FAILED')).toEqual({ step: 'submissions', href: '/meters/3#submissions-title' });
    expect(of('LEAK')).toEqual({ step: 'usage', href: '/meters/3/readings' });
    expect(of('ABNORMAL_DAY')).toEqual({ step: 'usage', href: '/meters/3/readings' });
    expect(of('VOLTAGE')).toEqual({ step: 'quality', href: '/meters/3/quality' });
    expect(of('BUDGET')).toEqual({ step: 'costs', href: '/meters/3/tariff' });
    expect(of('SOMETHING_NEW')).toBeNull();
  });

  it('a modem warning leads to a meter the modem serves, or nowhere once it serves none of the viewer’s', () => {
    expect(nextStep({ rule: 'LOW_BATTERY', meter: null, controllerSerial: 'C-1' }, meterOf)).toEqual({ step: 'modem', href: '/meters/7' });
    expect(nextStep({ rule: 'MODEM_SILENT', meter: null, controllerSerial: 'C-9' }, meterOf)).toBeNull();
  });
});

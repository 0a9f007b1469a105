/**
 * Where an open warning is dealt with: the verification form for a verification due, the meter's submissions for
 * readings a supplier did not take, its usage for water running or an unusual day, its power quality for voltage,
 * its costs and tariff for a budget overrun,
 * and for a modem's trouble the page of a meter it serves (signal, battery and last session are there).
 */
export type NextStep = 'verify' | 'submissions' | 'usage' | 'quality' | 'costs' | 'modem';

export interface Steppable {
  rule: string;
  meter: { id: string } | null;
  controllerSerial: string | null;
}

const METER_STEPS: Record<string, { step: NextStep; path: (id: string) => string }> = {
  VERIFICATION_DUE: { step: 'verify', path: (id) => `/meters/${id}#verification` },
  SUBMISSION_FAILED: { step: 'submissions', path: (id) => `/meters/${id}#submissions-title` },
  LEAK: { step: 'usage', path: (id) => `/meters/${id}/readings` },
  BURST: { step: 'usage', path: (id) => `/meters/${id}/readings` },
  AWAY_USE: { step: 'usage', path: (id) => `/meters/${id}/readings` },
  ABNORMAL_DAY: { step: 'usage', path: (id) => `/meters/${id}/readings` },
  VOLTAGE: { step: 'quality', path: (id) => `/meters/${id}/quality` },
  BUDGET: { step: 'costs', path: (id) => `/meters/${id}/tariff` },
};

/** `meterOf` finds a meter served by a modem (by its serial): null when the viewer has none left. */
export function nextStep(alert: Steppable, meterOf: (controllerSerial: string) => string | null): { step: NextStep; href: string } | null {
  if (alert.meter) {
    const known = METER_STEPS[alert.rule];
    return known ? { step: known.step, href: known.path(alert.meter.id) } : null;
  }
  const meter = alert.controllerSerial ? meterOf(alert.controllerSerial) : null;
  return meter ? { step: 'modem', href: `/meters/${meter}` } : null;
}

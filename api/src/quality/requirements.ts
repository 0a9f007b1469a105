/**
 * The requirements the weekly power-quality report judges, in the words of the norms: the API's Russian
 * `requirement`, and the cabinet's Russian catalogue (`@askue/api/requirements`) — written once. Imports nothing:
 * the cabinet bundles it.
 */
export const REQUIREMENTS = {
  EN50160_VOLTAGE: { norm: 'EN 50160', requirement: 'Напряжение (10-минутные средние) в пределах ±10 % от номинального в течение 95 % недели' },
  EN50160_FREQUENCY: { norm: 'EN 50160', requirement: 'Частота в пределах 50 Гц ±1 % в течение 99,5 % времени (оценка по неделе)' },
  GOST32144_VOLTAGE: { norm: 'ГОСТ 32144-2013', requirement: 'Напряжение (10-минутные средние) в пределах ±10 % от номинального в течение 100 % недели' },
  GOST32144_FREQUENCY_02: { norm: 'ГОСТ 32144-2013', requirement: 'Частота в пределах 50 ± 0,2 Гц в течение 95 % недели' },
  GOST32144_FREQUENCY_04: { norm: 'ГОСТ 32144-2013', requirement: 'Частота в пределах 50 ± 0,4 Гц в течение 100 % недели' },
} as const;

import { offsetAt } from '$lib/readings/zoned';

/**
 * The IANA time zones of Russia, west to east: a supplier's window is counted in one of them, and a browser on one of
 * them starts a new account on its clock (customerZoneFor).
 */
export const RUSSIAN_TIME_ZONES: readonly string[] = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Simferopol',
  'Europe/Kirov',
  'Europe/Volgograd',
  'Europe/Astrakhan',
  'Europe/Saratov',
  'Europe/Ulyanovsk',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Barnaul',
  'Asia/Tomsk',
  'Asia/Novokuznetsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Chita',
  'Asia/Yakutsk',
  'Asia/Khandyga',
  'Asia/Vladivostok',
  'Asia/Ust-Nera',
  'Asia/Magadan',
  'Asia/Sakhalin',
  'Asia/Srednekolymsk',
  'Asia/Kamchatka',
  'Asia/Anadyr',
];

/**
 * What a customer chooses from: one zone for each of Russia's eleven offsets, west to east, named in the catalogue
 * by the cities that keep it («МСК+2 — Екатеринбург, Пермь, …»). Russia keeps no daylight saving time.
 */
export const CUSTOMER_TIME_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
] as const;

export type CustomerTimeZone = (typeof CUSTOMER_TIME_ZONES)[number];

/** «UTC+5», «UTC−1», «UTC» for the zone at `at`. */
export function utcOffset(zone: string, at = Date.now()): string {
  const minutes = Math.round(offsetAt(at, zone) / 60_000);
  if (minutes === 0) return 'UTC';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${minutes < 0 ? '−' : '+'}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

/**
 * How a zone is shown to a customer: its clock, the cities that keep it and the offset — «МСК+2 — Екатеринбург, …
 * (UTC+5)»; a zone set elsewhere by its IANA name. `words`: the catalogue's `profile` (its `zones` and `clock`).
 */
export function zoneLabel(
  zone: string,
  words: { zones: Record<CustomerTimeZone, string>; clock: (hoursFromMoscow: number) => string },
  at = Date.now(),
): string {
  const cities = (words.zones as Record<string, string>)[zone];
  return `${cities ? `${clockName(zone, words.clock, at)} — ${cities}` : zone} (${utcOffset(zone, at)})`;
}

/**
 * The customer zone that keeps the same time as a browser's `zone` — «Asia/Barnaul» → «Asia/Novosibirsk» — or null
 * for a browser outside Russia (a flat in Moscow registered from abroad keeps Moscow's, the default).
 */
export function customerZoneFor(zone: string | undefined, at = Date.now()): CustomerTimeZone | null {
  if (!zone || !RUSSIAN_TIME_ZONES.includes(zone)) return null;
  const offset = offsetAt(at, zone);
  return CUSTOMER_TIME_ZONES.find((z) => offsetAt(at, z) === offset) ?? null;
}

/**
 * The clock a time is on, said the way Russia says it — «МСК», «МСК+2», «МСК−1» (a supplier's cut-off, a submission's
 * time) — or «UTC+1» for a zone outside Russia. `name` words the hours from Moscow (the catalogue's `timeZones.clock`).
 */
export function clockName(zone: string, name: (hoursFromMoscow: number) => string, at = Date.now()): string {
  if (!RUSSIAN_TIME_ZONES.includes(zone)) return utcOffset(zone, at);
  return name(Math.round((offsetAt(at, zone) - offsetAt(at, 'Europe/Moscow')) / 3_600_000));
}

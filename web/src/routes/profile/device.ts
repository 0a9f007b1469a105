/**
 * A session's User-Agent as a person recognises it: «Chrome, Android», «Firefox, Windows». Good enough to
 * tell one's own devices apart; anything unrecognised is shown shortened as sent (an app, a script).
 */
import { t } from '$lib/i18n';

// Names are read when a device is described, not at import: the profile's words come with its route.
const BROWSERS: Array<[RegExp, string | (() => string)]> = [
  [/YaBrowser\//, () => t.profile.yandexBrowser],
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Chromium\//, 'Chromium'],
  [/Safari\//, 'Safari'],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

const MAX_RAW = 60;

export function describeDevice(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const name = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const browser = typeof name === 'function' ? name() : name;
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser || system) return [browser, system].filter(Boolean).join(', ');
  return userAgent.length > MAX_RAW ? `${userAgent.slice(0, MAX_RAW)}…` : userAgent;
}

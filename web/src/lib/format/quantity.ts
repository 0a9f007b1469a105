/**
 * How the cabinet names and shows each measured quantity. The API stores SI-ish SenML units (Wh, W, m3…);
 * people read electricity bills in kWh, so energy is scaled here and only here.
 */
import type { Quantity } from '$lib/api/documents';
import { t } from '$lib/i18n';

interface Display {
  name: string;
  /** Russian unit shown after the number; empty for a ratio. */
  unit: string;
  /** At most this many fraction digits. */
  digits: number;
  /** Stored value × scale = shown value. */
  scale: number;
}

const names = t.format.quantities;
const units = t.format.units;
const energy = (name: string): Display => ({ name, unit: units.kWh, digits: 3, scale: 1 / 1000 });

/** In the API's vocabulary order, which is also the order the cards list readings in. */
const DISPLAY: Record<Quantity, Display> = {
  ENERGY: energy(names.ENERGY),
  ENERGY_T1: energy(names.ENERGY_T1),
  ENERGY_T2: energy(names.ENERGY_T2),
  ENERGY_T3: energy(names.ENERGY_T3),
  ENERGY_EXPORT: energy(names.ENERGY_EXPORT),
  POWER: { name: names.POWER, unit: units.W, digits: 1, scale: 1 },
  VOLTAGE_L1: { name: names.VOLTAGE_L1, unit: units.V, digits: 1, scale: 1 },
  VOLTAGE_L2: { name: names.VOLTAGE_L2, unit: units.V, digits: 1, scale: 1 },
  VOLTAGE_L3: { name: names.VOLTAGE_L3, unit: units.V, digits: 1, scale: 1 },
  CURRENT_L1: { name: names.CURRENT_L1, unit: units.A, digits: 2, scale: 1 },
  CURRENT_L2: { name: names.CURRENT_L2, unit: units.A, digits: 2, scale: 1 },
  CURRENT_L3: { name: names.CURRENT_L3, unit: units.A, digits: 2, scale: 1 },
  FREQUENCY: { name: names.FREQUENCY, unit: units.Hz, digits: 2, scale: 1 },
  POWER_FACTOR: { name: names.POWER_FACTOR, unit: '', digits: 3, scale: 1 },
  VOLUME: { name: names.VOLUME, unit: units.m3, digits: 3, scale: 1 },
  TEMPERATURE: { name: names.TEMPERATURE, unit: units.Cel, digits: 1, scale: 1 },
  RSSI: { name: names.RSSI, unit: units.dBm, digits: 0, scale: 1 },
  BATTERY: { name: names.BATTERY, unit: units.percent, digits: 0, scale: 1 },
};

export const QUANTITY_ORDER = Object.keys(DISPLAY) as Quantity[];

function displayOf(quantity: string): Display | undefined {
  return Object.hasOwn(DISPLAY, quantity) ? DISPLAY[quantity as Quantity] : undefined;
}

/** The Russian name; a quantity added to the API after this build shows under its API name rather than not at all. */
export function quantityName(quantity: string): string {
  return displayOf(quantity)?.name ?? quantity;
}

// Building an Intl.NumberFormat is far slower than using one, and every live reading formats a number.
const numberFormats = new Map<number, Intl.NumberFormat>();

/** A number the Russian way (decimal comma, grouped thousands), with at most `digits` fraction digits. */
export function formatNumber(value: number, digits: number): string {
  let format = numberFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat(t.app.locale, { maximumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  return format.format(value);
}

/**
 * A stored value as the cabinet shows it, e.g. POWER 842.5 → «842,5 Вт», ENERGY 12345500 → «12 345,5 кВт·ч».
 * `fallbackUnit` (the API's unit) is used only for a quantity this build does not know.
 */
export function formatQuantityValue(quantity: string, value: number, fallbackUnit = ''): string {
  const display = displayOf(quantity);
  if (!display) return fallbackUnit ? `${formatNumber(value, 3)} ${fallbackUnit}` : formatNumber(value, 3);
  const shown = formatNumber(value * display.scale, display.digits);
  if (display.unit === units.percent) return t.format.percent(shown);
  return display.unit ? `${shown} ${display.unit}` : shown;
}

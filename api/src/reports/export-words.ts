/**
 * The words of the export files, in the language of the cabinet that asked (or the account's): column headers,
 * tariff zones, quantities and units as the cabinet names them (web/src/lib/i18n), not the protocol's vocabulary.
 */
import { Language } from '../accounts/account.entity.js';
import { Quantity } from '../readings/quantity.js';
import { RUSSIAN_CSV, type CsvDialect } from './export.js';
import { ZONE_NAMES } from './time-buckets.js';

export interface ExportWords {
  /** How a CSV is written for a spreadsheet in this language's locale. */
  csv: CsvDialect;
  consumptionTitle: (serial: string) => string;
  seriesTitle: (serial: string) => string;
  start: (zone: string) => string;
  end: string;
  consumption: (unit: 'kWh' | 'm3') => string;
  cost: (tariff: string) => string;
  complete: string;
  yes: string;
  no: string;
  time: (zone: string) => string;
  quantity: string;
  unit: string;
  min: string;
  max: string;
  average: string;
  count: string;
  /** A meter's tariff zones by how many it has: zone number → name. */
  zones: Record<number, Record<number, string>>;
  quantities: Record<Quantity, string>;
  /** SenML unit → the unit people write. */
  units: Record<string, string>;
}

/** The cabinet's names of the quantities (web/src/lib/i18n: meters.quantities), both languages side by side. */
const QUANTITY_NAMES: Record<Quantity, Record<Language, string>> = {
  [Quantity.ENERGY]: { RU: 'Энергия (сумма)', EN: 'Energy (total)' },
  [Quantity.ENERGY_T1]: { RU: 'Энергия T1 (день)', EN: 'Energy T1 (day)' },
  [Quantity.ENERGY_T2]: { RU: 'Энергия T2 (ночь)', EN: 'Energy T2 (night)' },
  [Quantity.ENERGY_T3]: { RU: 'Энергия T3', EN: 'Energy T3' },
  [Quantity.ENERGY_EXPORT]: { RU: 'Энергия (отдача)', EN: 'Energy (exported)' },
  [Quantity.POWER]: { RU: 'Мощность', EN: 'Power' },
  [Quantity.VOLTAGE_L1]: { RU: 'Напряжение L1', EN: 'Voltage L1' },
  [Quantity.VOLTAGE_L2]: { RU: 'Напряжение L2', EN: 'Voltage L2' },
  [Quantity.VOLTAGE_L3]: { RU: 'Напряжение L3', EN: 'Voltage L3' },
  [Quantity.CURRENT_L1]: { RU: 'Ток L1', EN: 'Current L1' },
  [Quantity.CURRENT_L2]: { RU: 'Ток L2', EN: 'Current L2' },
  [Quantity.CURRENT_L3]: { RU: 'Ток L3', EN: 'Current L3' },
  [Quantity.FREQUENCY]: { RU: 'Частота', EN: 'Frequency' },
  [Quantity.POWER_FACTOR]: { RU: 'Коэффициент мощности', EN: 'Power factor' },
  [Quantity.VOLUME]: { RU: 'Объём', EN: 'Volume' },
  [Quantity.TEMPERATURE]: { RU: 'Температура', EN: 'Temperature' },
  [Quantity.RSSI]: { RU: 'Уровень сигнала', EN: 'Signal strength' },
  [Quantity.BATTERY]: { RU: 'Заряд батареи', EN: 'Battery' },
};

const namesIn = (language: Language) => Object.fromEntries(Object.entries(QUANTITY_NAMES).map(([q, names]) => [q, names[language]])) as Record<Quantity, string>;

export const EXPORT_WORDS: Record<Language, ExportWords> = {
  [Language.RU]: {
    // Excel in a Russian locale: «;» between fields, a decimal comma (what suppliers' attachments use too).
    csv: RUSSIAN_CSV,
    consumptionTitle: (serial) => `Расход ${serial}`,
    seriesTitle: (serial) => `Ряды ${serial}`,
    start: (zone) => `Начало (${zone})`,
    end: 'Конец',
    consumption: (unit) => `Расход, ${unit === 'kWh' ? 'кВт·ч' : 'м³'}`,
    cost: (tariff) => `Стоимость, ₽ (${tariff})`,
    complete: 'Данные полные',
    yes: 'да',
    no: 'нет',
    time: (zone) => `Время (${zone})`,
    quantity: 'Величина',
    unit: 'Единица',
    min: 'Мин.',
    max: 'Макс.',
    average: 'Среднее',
    count: 'Показаний',
    // The names the reports themselves give the zones.
    zones: ZONE_NAMES,
    quantities: namesIn(Language.RU),
    units: { Wh: 'Вт·ч', W: 'Вт', V: 'В', A: 'А', Hz: 'Гц', m3: 'м³', Cel: '°C', dBm: 'дБм', '%EL': '%', '/': '' },
  },
  [Language.EN]: {
    csv: { separator: ',', decimal: '.' },
    consumptionTitle: (serial) => `Consumption ${serial}`,
    seriesTitle: (serial) => `Series ${serial}`,
    start: (zone) => `Start (${zone})`,
    end: 'End',
    consumption: (unit) => `Consumption, ${unit === 'kWh' ? 'kWh' : 'm³'}`,
    cost: (tariff) => `Cost, ₽ (${tariff})`,
    complete: 'Complete data',
    yes: 'yes',
    no: 'no',
    time: (zone) => `Time (${zone})`,
    quantity: 'Quantity',
    unit: 'Unit',
    min: 'Min',
    max: 'Max',
    average: 'Average',
    count: 'Readings',
    zones: { 1: { 1: 'All day' }, 2: { 1: 'T1 day', 2: 'T2 night' }, 3: { 1: 'T1 peak', 2: 'T2 half-peak', 3: 'T3 night' } },
    quantities: namesIn(Language.EN),
    units: { Wh: 'Wh', W: 'W', V: 'V', A: 'A', Hz: 'Hz', m3: 'm³', Cel: '°C', dBm: 'dBm', '%EL': '%', '/': '' },
  },
};

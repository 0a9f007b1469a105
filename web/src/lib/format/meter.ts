import type { MeterKind } from '$lib/api/documents';
import { plural } from './plural';

const KIND_NAMES: Record<MeterKind, string> = {
  ELECTRICITY: 'Электроэнергия',
  COLD_WATER: 'Холодная вода',
  HOT_WATER: 'Горячая вода',
};

export function meterKindName(kind: string): string {
  return Object.hasOwn(KIND_NAMES, kind) ? KIND_NAMES[kind as MeterKind] : 'Счётчик';
}

/** Model, tariff zones and phases of an electricity meter, e.g. «Меркурий 234 · 2 тарифа · 3 фазы». */
export function meterDetails(meter: { kind: string; model: string | null; zones: number; phases: number }): string {
  const parts: string[] = [];
  if (meter.model) parts.push(meter.model);
  if (meter.kind === 'ELECTRICITY') {
    parts.push(meter.zones > 1 ? `${meter.zones} ${plural(meter.zones, 'тариф', 'тарифа', 'тарифов')}` : 'однотарифный');
    parts.push(`${meter.phases} ${plural(meter.phases, 'фаза', 'фазы', 'фаз')}`);
  }
  return parts.join(' · ');
}

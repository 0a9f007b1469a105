import type { MeterKind } from '$lib/api/documents';
import { t } from '$lib/i18n';

export function meterKindName(kind: string): string {
  const names: Record<MeterKind, string> = t.format.meterKinds;
  return Object.hasOwn(names, kind) ? names[kind as MeterKind] : t.format.unknownMeterKind;
}

/** Model, tariff zones and phases of an electricity meter, e.g. «Меркурий 234 · 2 тарифа · 3 фазы». */
export function meterDetails(meter: { kind: string; model: string | null; zones: number; phases: number }): string {
  const parts: string[] = [];
  if (meter.model) parts.push(meter.model);
  if (meter.kind === 'ELECTRICITY') {
    parts.push(meter.zones > 1 ? t.format.tariffs(meter.zones) : t.format.singleTariff);
    parts.push(t.format.phases(meter.phases));
  }
  return parts.join(' · ');
}

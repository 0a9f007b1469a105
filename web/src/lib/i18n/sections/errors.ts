/**
 * The API's error reasons (`extensions.reason`, with `extensions.params`) in words. Russian is the API's own
 * catalogue (api/src/errors/reasons.ts, whose sentences are also the errors' messages), with the two reasons the
 * cabinet can say better than the API: a moment in the person's own zone and a tariff's rule in its words. English
 * is in ./errors-en (the English chunk, so that the Russian majority does not download it). A unit test
 * (errors.test.ts here) fails when the API has a reason the English catalogue lacks.
 */
import { REASONS, provisioningRuleText, type ProvisioningProblem, type Reason } from '@askue/api/reasons';

type P = Record<string, string | number>;
/** A reason in words, from its params and, for a list's problems (PROVISIONING_INVALID), `extensions.problems`. */
export type Say = (p: P, problems?: ProvisioningProblem[]) => string;
export type { ProvisioningProblem };
/** What is wrong in a problem of an operator's list of controllers, in the API's Russian words. */
export const provisioningRuleRu = provisioningRuleText;
export type ApiReason = Reason;

/** Why a tariff was not accepted (TARIFF_INVALID's `rule`: api/src/tariffs/tariff-rules.ts); the API's words otherwise. */
const LINE_RU: P = { T1: 'зона T1', T2: 'зона T2', T3: 'зона T3', cold: 'холодная вода', hot: 'горячая вода', sewerage: 'водоотведение' };
const TARIFF_RULES_RU: Record<string, Say> = {
  ZONE_HOURS_RANGE: (p) => `зона ${p.zone}: часы ${p.from}–${p.to} — не целые часы суток`,
  HOUR_IN_TWO_ZONES: (p) => `час ${p.hour}:00 попал в две зоны`,
  HOUR_IN_NO_ZONE: (p) => `час ${p.hour}:00 не попал ни в одну зону`,
  ZONE_NOT_IN_SCHEME: (p) => `зоны ${p.zone} нет в тарифе с ${p.zones} зонами`,
  PRICES_REQUIRED: () => 'нужны цены',
  OPEN_TIER_NOT_LAST: () => 'без верхней границы может быть только последняя ступень',
  TIER_BOUNDS: () => 'границы ступеней — целые кВт·ч, по возрастанию',
  PRICE_INVALID: (p) => `${LINE_RU[p.line] ?? p.line}: нет цены или это не цена`,
  CHARGE_INVALID: () => 'абонентская плата — целые копейки, не меньше нуля',
  DATE_INVALID: (p) => `не дата: ${p.date}`,
  RESOURCE_PRICES: (p) => (p.resource === 'ELECTRICITY' ? 'тарифу на электроэнергию нужны цены за кВт·ч' : 'тарифу на воду нужны цены за м³'),
  NAME_LENGTH: (p) => `название тарифа — от 1 до ${p.max} символов`,
};
export const tariffRuleRu = (p: P): string => TARIFF_RULES_RU[String(p.rule)]?.(p) ?? String(p.detail);

/** A moment the API gives as ISO 8601, in the cabinet's words and the person's zone: «5 декабря, 09:00». */
const whenRu = (iso: string | number) => new Date(String(iso)).toLocaleString('ru-RU', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

export const reasonsRu: Record<ApiReason, Say> = {
  ...(REASONS as unknown as Record<ApiReason, Say>),
  WINDOW_CLOSED: (p) => (p.opensAt ? `«${p.supplier}» сейчас не принимает показания; окно откроется ${whenRu(p.opensAt)}` : REASONS.WINDOW_CLOSED({})),
  TARIFF_INVALID: (p) => `Тариф не принят: ${tariffRuleRu(p)}`,
};

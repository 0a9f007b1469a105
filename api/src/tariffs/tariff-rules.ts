/**
 * Why a tariff version cannot be priced: a stable rule code with its parameters, so that the API's error
 * (TARIFF_INVALID, `params.rule`) is translated by each client's catalogue instead of carrying Russian words into
 * an English cabinet. The Russian text here is the server's own message (errors/reasons.ts).
 */
export type PriceLine = 'T1' | 'T2' | 'T3' | 'cold' | 'hot' | 'sewerage';

export type TariffRuleParams =
  | { rule: 'ZONE_HOURS_RANGE'; zone: string; from: number; to: number }
  | { rule: 'HOUR_IN_TWO_ZONES'; hour: number }
  | { rule: 'HOUR_IN_NO_ZONE'; hour: number }
  | { rule: 'ZONE_NOT_IN_SCHEME'; zone: string; zones: number }
  | { rule: 'PRICES_REQUIRED' }
  | { rule: 'OPEN_TIER_NOT_LAST' }
  | { rule: 'TIER_BOUNDS' }
  | { rule: 'PRICE_INVALID'; line: PriceLine }
  | { rule: 'CHARGE_INVALID' }
  | { rule: 'DATE_INVALID'; date: string }
  | { rule: 'RESOURCE_PRICES'; resource: 'ELECTRICITY' | 'WATER' }
  | { rule: 'NAME_LENGTH'; max: number };

export type TariffRule = TariffRuleParams['rule'];

const LINE_RU: Record<PriceLine, string> = { T1: 'зона T1', T2: 'зона T2', T3: 'зона T3', cold: 'холодная вода', hot: 'горячая вода', sewerage: 'водоотведение' };

/** The rule in Russian, as the API's message says it. */
export function tariffRuleText(p: TariffRuleParams): string {
  switch (p.rule) {
    case 'ZONE_HOURS_RANGE':
      return `зона ${p.zone}: часы ${p.from}–${p.to} — не целые часы суток`;
    case 'HOUR_IN_TWO_ZONES':
      return `час ${p.hour}:00 попал в две зоны`;
    case 'HOUR_IN_NO_ZONE':
      return `час ${p.hour}:00 не попал ни в одну зону`;
    case 'ZONE_NOT_IN_SCHEME':
      return `зоны ${p.zone} нет в тарифе с ${p.zones} зонами`;
    case 'PRICES_REQUIRED':
      return 'нужны цены';
    case 'OPEN_TIER_NOT_LAST':
      return 'без верхней границы может быть только последняя ступень';
    case 'TIER_BOUNDS':
      return 'границы ступеней — целые кВт·ч, по возрастанию';
    case 'PRICE_INVALID':
      return `${LINE_RU[p.line]}: нет цены или это не цена`;
    case 'CHARGE_INVALID':
      return 'абонентская плата — целые копейки, не меньше нуля';
    case 'DATE_INVALID':
      return `не дата: ${p.date}`;
    case 'RESOURCE_PRICES':
      return p.resource === 'ELECTRICITY' ? 'тарифу на электроэнергию нужны цены за кВт·ч' : 'тарифу на воду нужны цены за м³';
    case 'NAME_LENGTH':
      return `название тарифа — от 1 до ${p.max} символов`;
  }
}

/** A version or tariff that breaks a rule; a RangeError, as the pricing engine's own checks are. */
export class TariffRuleError extends RangeError {
  constructor(readonly params: TariffRuleParams) {
    super(tariffRuleText(params));
  }
}

const rules = new Intl.PluralRules('ru-RU');

/** The Russian word form for a count: 1 тариф, 2 тарифа, 5 тарифов (and 21 тариф, 11 тарифов). */
export function plural(count: number, one: string, few: string, many: string): string {
  switch (rules.select(count)) {
    case 'one':
      return one;
    case 'few':
      return few;
    default:
      return many;
  }
}

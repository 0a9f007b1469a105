/**
 * A GraphQL enum written once: each value with its description, in one list. A TypeScript `enum` registered
 * with type-graphql names every value three times (`A = 'A'` and again in `valuesConfig`); this returns the same
 * runtime object a string enum compiles to (`{ A: 'A' }`), registered, frozen, typed by its literals.
 *
 *   export const MeterKind = graphqlEnum('MeterKind', 'What the meter measures.', {
 *     ELECTRICITY: 'Electricity meter', COLD_WATER: 'Cold water meter', HOT_WATER: 'Hot water meter' });
 *   export type MeterKind = EnumValue<typeof MeterKind>;
 *
 * Values without a description are listed by name: `graphqlEnum('Role', '…', ['CUSTOMER', 'OPERATOR'])`.
 * MikroORM's `@Enum({ items: () => MeterKind })` reads the object as it reads a string enum.
 */
import { registerEnumType } from 'type-graphql';

export type EnumValue<E> = E[keyof E];

export function graphqlEnum<const K extends string>(name: string, description: string | undefined, values: readonly K[] | Readonly<Record<K, string>>): { readonly [V in K]: V } {
  const described: Partial<Record<K, string>> = Array.isArray(values) ? {} : (values as Record<K, string>);
  const names = (Array.isArray(values) ? values : Object.keys(values)) as K[];
  const object = Object.freeze(Object.fromEntries(names.map((v) => [v, v])) as { [V in K]: V });
  registerEnumType(object, {
    name,
    description,
    valuesConfig: Object.fromEntries(names.filter((v) => described[v]).map((v) => [v, { description: described[v] }])) as Partial<Record<K, { description: string }>>,
  });
  return object;
}

import { describe, expect, it } from 'vitest';
import { plural } from './plural';

describe('plural', () => {
  it('picks the Russian form for the count', () => {
    const forms = (n: number) => plural(n, 'фаза', 'фазы', 'фаз');
    expect([1, 2, 3, 5, 11, 21, 22, 25].map(forms)).toEqual(['фаза', 'фазы', 'фазы', 'фаз', 'фаз', 'фаза', 'фазы', 'фаз']);
  });
});

import { describe, expect, it } from 'vitest';
import { formatPhone } from './phone';

describe('formatPhone', () => {
  it('groups a Russian number the usual way', () => {
    expect(formatPhone('+79000000001')).toBe('+7 900 000-00-01');
    expect(formatPhone('+78127482672')).toBe('+7 812 748-26-72');
  });

  it('leaves any other number as stored', () => {
    expect(formatPhone('+380441234567')).toBe('+380441234567');
  });
});

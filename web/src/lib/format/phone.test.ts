import { describe, expect, it } from 'vitest';
import { formatPhone } from './phone';

describe('formatPhone', () => {
  it('groups a Russian number the usual way', () => {
    expect(formatPhone('+79000000001')).toBe('+7 900 000-00-01');
    expect(formatPhone('+78127482672')).toBe('+7 812 748-26-72');
  });

  it('groups a Russian number however it was typed', () => {
    for (const typed of ['9001095163', '89001095163', '79001095163', '8 (900) 109-51-63', '+7 900 109 51 63', ' +7-900-109-51-63 '])
      expect(formatPhone(typed), typed).toBe('+7 900 109-51-63');
  });

  it('leaves any other number as given', () => {
    expect(formatPhone('+380441234567')).toBe('+380441234567');
    expect(formatPhone('12345')).toBe('12345');
  });
});

import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes';

describe('formatBytes', () => {
  it('counts bytes, kilobytes and megabytes in binary multiples, the Russian way', () => {
    expect(formatBytes(512)).toBe('512 Б');
    expect(formatBytes(850 * 1024)).toBe('850 КБ');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 МБ');
    expect(formatBytes(4.25 * 1024 * 1024)).toBe('4,3 МБ');
    expect(formatBytes(12 * 1024 * 1024)).toBe('12 МБ');
  });
});

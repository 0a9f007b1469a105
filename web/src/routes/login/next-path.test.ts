import { describe, expect, it } from 'vitest';
import { nextPath } from './next-path';

const origin = 'https://lk.example.ru';

describe('nextPath', () => {
  it('goes to the cabinet when there is no next', () => {
    expect(nextPath(null, origin)).toBe('/meters');
    expect(nextPath('', origin)).toBe('/meters');
  });

  it('keeps a path on this site with its query and hash', () => {
    expect(nextPath('/meters/5?period=week#chart', origin)).toBe('/meters/5?period=week#chart');
  });

  it('refuses other sites however they are written', () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'evil.example', '/\t/evil.example']) {
      expect(nextPath(next, origin)).toBe('/meters');
    }
  });

  it('does not send a person back to the login page', () => {
    expect(nextPath('/login?next=/x', origin)).toBe('/meters');
  });
});

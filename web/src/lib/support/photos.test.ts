import { describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, photoProblem, photosHint } from './photos';

describe('photos for support messages', () => {
  it('accepts JPEG, PNG and WebP up to 5 MB', () => {
    expect(photoProblem({ name: 'meter.jpg', size: 1000, type: 'image/jpeg' })).toBeNull();
    expect(photoProblem({ name: 'meter.png', size: MAX_PHOTO_BYTES, type: 'image/png' })).toBeNull();
    expect(photoProblem({ name: 'meter.webp', size: 10, type: 'image/webp' })).toBeNull();
  });

  it('names a photo that is too big with its size and the limit', () => {
    expect(photoProblem({ name: 'big.jpg', size: 6 * 1024 * 1024, type: 'image/jpeg' })).toBe(
      '«big.jpg» — 6 МБ, а можно не больше 5 МБ. Уменьшите фото или выберите другое.',
    );
  });

  it('refuses other types and empty files', () => {
    expect(photoProblem({ name: 'scan.pdf', size: 100, type: 'application/pdf' })).toBe('«scan.pdf» — не фотография JPEG, PNG или WebP.');
    expect(photoProblem({ name: 'photo.heic', size: 100, type: 'image/heic' })).toMatch(/не фотография/);
    expect(photoProblem({ name: 'empty.png', size: 0, type: 'image/png' })).toMatch(/не фотография/);
  });

  it('states the limits the API enforces', () => {
    expect(photosHint()).toBe('До 5 фото в формате JPEG, PNG или WebP, каждое не больше 5 МБ.');
  });
});

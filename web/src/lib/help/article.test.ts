import { describe, expect, it } from 'vitest';
import { articlesFrom, parseArticle, plainText } from './article';

describe('help articles', () => {
  it('reads the front matter and the body', () => {
    const article = parseArticle('/src/help/ru/binding.md', '---\ntitle: Привязка приборов\norder: 2\nkeywords: QR-код, наклейка , \n---\n## По коду\n\nВведите **код**.\n');
    expect(article).toMatchObject({ slug: 'binding', title: 'Привязка приборов', order: 2, keywords: ['QR-код', 'наклейка'], summary: 'Введите код.' });
    expect(article.body).toBe('## По коду\n\nВведите **код**.');
    expect(article.text).toBe('По коду\nВведите код.');
  });

  it('takes the title from the first heading when there is no front matter', () => {
    const article = parseArticle('app.md', '# Приложение\n\n- пункт\n\nПервый **абзац**.\n\nВторой.');
    expect(article).toMatchObject({ slug: 'app', title: 'Приложение', order: 1000, keywords: [], summary: 'Первый абзац.' });
  });

  it('keeps the words of links and lists but not their markup', () => {
    expect(plainText('- Откройте [страницу входа](/login)\n1. Нажмите `Войти`\n> Важно')).toBe('Откройте страницу входа\nНажмите Войти\nВажно');
  });

  it('lists articles in their order', () => {
    const list = articlesFrom({ 'b.md': '---\ntitle: B\norder: 2\n---\n', 'a.md': '---\ntitle: A\norder: 1\n---\n', 'c.md': 'no order' });
    expect(list.map((a) => a.slug)).toEqual(['a', 'b', 'c']);
  });

  it('has every article in both languages, each with a title and text', async () => {
    const [{ articles: ru }, { articles: en }] = await Promise.all([import('./content-ru'), import('./content-en')]);
    expect(ru.map((a) => a.slug)).toEqual(en.map((a) => a.slug));
    expect(ru.map((a) => a.slug)).toEqual(expect.arrayContaining(['registration', 'binding', 'readings', 'recovery', 'app', 'support']));
    for (const article of [...ru, ...en]) {
      expect(article.title, article.slug).not.toBe(article.slug);
      expect(article.summary.length, article.slug).toBeGreaterThan(40);
      expect(article.text.length, article.slug).toBeGreaterThan(200);
    }
  });
});

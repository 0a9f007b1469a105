import { describe, expect, it } from 'vitest';
import { parseArticle } from './article';
import { createHelpSearch, excerpt, highlight, stem } from './search';

const articles = [
  parseArticle(
    'ru/binding.md',
    `---\ntitle: Привязка приборов\norder: 2\nkeywords: QR-код, наклейка\n---\nСчётчик привязывается к кабинету по серийному номеру и коду привязки. Отвязать прибор можно в его карточке.`,
  ),
  parseArticle('ru/recovery.md', `---\ntitle: Восстановление пароля\norder: 4\n---\nЕсли забыли пароль, укажите номер телефона или почту.`),
  parseArticle('ru/readings.md', `---\ntitle: Показания и отчёты\norder: 3\n---\nПоказания счётчиков приходят сами. Отчёт по дням, неделям и месяцам.`),
];

describe('stem', () => {
  it('brings Russian word forms together', () => {
    expect(stem('привязка', 'ru')).toBe(stem('привязки', 'ru'));
    expect(stem('Счётчиков', 'ru')).toBe(stem('счетчик', 'ru'));
    expect(stem('пароля', 'ru')).toBe(stem('пароль', 'ru'));
    expect(stem('привязать', 'ru').startsWith('привяз')).toBe(true);
  });

  it('keeps short words and strips English plurals and -ing', () => {
    expect(stem('QR', 'ru')).toBe('qr');
    expect(stem('код', 'ru')).toBe('код');
    expect(stem('meters', 'en')).toBe('meter');
    expect(stem('binding', 'en')).toBe('bind');
  });
});

describe('help search', () => {
  const help = createHelpSearch(articles, 'ru');

  it('finds the binding article by any form of the word, as it is typed', () => {
    for (const query of ['привязка', 'привязать', 'Привязк', 'привяз', 'привязать счётчик']) {
      expect(help.search(query)[0]?.slug, query).toBe('binding');
    }
  });

  it('searches the keywords and ranks a title match first', () => {
    expect(help.search('QR')[0]?.slug).toBe('binding');
    expect(help.search('пароль')[0]?.slug).toBe('recovery');
  });

  it('forgives a typo in a long word', () => {
    expect(help.search('пароль восстоновление')[0]?.slug).toBe('recovery');
  });

  it('falls back to any word when no article has them all', () => {
    expect(help.search('пароль жираф').map((h) => h.slug)).toEqual(['recovery']);
  });

  it('finds nothing for an empty query or an unknown word', () => {
    expect(help.search('   ')).toEqual([]);
    expect(help.search('жираф')).toEqual([]);
  });

  it('quotes the sentence with the match and highlights the matching words', () => {
    const [hit] = help.search('отвязать');
    expect(hit.excerpt).toBe('…Отвязать прибор можно в его карточке.');
    expect(highlight(hit.excerpt, hit.terms, 'ru')).toEqual([
      { text: '…', match: false },
      { text: 'Отвязать', match: true },
      { text: ' прибор можно в его карточке.', match: false },
    ]);
  });
});

describe('excerpt and highlight', () => {
  it('cuts a long text around the first match', () => {
    const text = `${'Слово '.repeat(60)}Здесь привязка. ${'Ещё '.repeat(60)}`;
    const shown = excerpt(text, [stem('привязка', 'ru')], 'ru');
    expect(shown.startsWith('…')).toBe(true);
    expect(shown).toContain('привязка');
    expect(shown.length).toBeLessThan(200);
  });

  it('never treats the text as markup', () => {
    expect(highlight('<b>пароль</b>', [stem('пароль', 'ru')], 'ru')).toEqual([
      { text: '<b>', match: false },
      { text: 'пароль', match: true },
      { text: '</b>', match: false },
    ]);
  });
});

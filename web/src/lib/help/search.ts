/**
 * Search in the help, in the browser (works offline): MiniSearch over each article's title, keywords and
 * text. Words are reduced to a rough stem (a light suffix stripper for Russian and English, no dictionary),
 * and the last word typed is matched as a prefix, so «привязать», «привязка» and «привяз…» find the same
 * article as the person types.
 */
import MiniSearch from 'minisearch';
import type { Language } from '$lib/i18n/language';
import type { Article } from './article';

// Longest first: the first ending that fits is stripped.
const RU_ENDINGS = [
  'иями', 'ями', 'ами', 'ией', 'иях', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими', 'ать', 'ять', 'ить', 'еть', 'уть', 'ает', 'яет', 'ует',
  'ите', 'ете', 'ешь', 'ют', 'ут', 'ат', 'ят', 'ет', 'ит', 'ах', 'ях', 'ой', 'ей', 'ий', 'ый', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ую',
  'юю', 'ов', 'ев', 'ом', 'ем', 'ам', 'ям', 'ью', 'ия', 'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й',
].sort((a, b) => b.length - a.length);
const EN_ENDINGS = ['ings', 'ing', 'ies', 'ied', 'es', 'ed', 's'];

/** A lower-case rough stem of one word; short words are kept whole. */
export function stem(word: string, language: Language): string {
  const w = word.toLowerCase().replace(/ё/g, 'е');
  if (w.length < 5) return w;
  for (const ending of language === 'en' ? EN_ENDINGS : RU_ENDINGS) {
    if (w.endsWith(ending) && w.length - ending.length >= 4) return w.slice(0, -ending.length);
  }
  return w;
}


export interface HelpHit {
  slug: string;
  title: string;
  /** A piece of the article around the first match. */
  excerpt: string;
  /** The stems that matched: give them to `highlight`. */
  terms: string[];
}

export interface HelpSearch {
  search(query: string): HelpHit[];
}

const EXCERPT_CHARS = 180;

export function createHelpSearch(articles: Article[], language: Language): HelpSearch {
  const processTerm = (term: string) => stem(term, language) || null;
  const index = new MiniSearch<Article>({
    idField: 'slug',
    fields: ['title', 'summary', 'keywords', 'text'],
    extractField: (article, field) => (field === 'keywords' ? article.keywords.join(', ') : String(article[field as keyof Article])),
    processTerm,
  });
  index.addAll(articles);
  const bySlug = new Map(articles.map((a) => [a.slug, a]));

  return {
    search(query) {
      const q = query.trim();
      if (!q) return [];
      const options = {
        prefix: true,
        fuzzy: (term: string) => (term.length > 5 ? 0.2 : false),
        boost: { title: 3, keywords: 2 },
      } as const;
      // Every word must match, as a person narrowing the search expects; only if nothing has them all, any word.
      let results = index.search(q, { ...options, combineWith: 'AND' });
      if (!results.length) results = index.search(q, { ...options, combineWith: 'OR' });
      return results.flatMap((result) => {
        const article = bySlug.get(String(result.id));
        if (!article) return [];
        return [{ slug: article.slug, title: article.title, excerpt: excerpt(article.text, result.terms, language), terms: result.terms }];
      });
    },
  };
}

/** About EXCERPT_CHARS of `text` from the start of the sentence with the first matching word. */
export function excerpt(text: string, terms: string[], language: Language): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const wanted = new Set(terms);
  let at = -1;
  const word = /[\p{L}\p{N}]+/gu;
  for (let m = word.exec(flat); m; m = word.exec(flat)) {
    if (wanted.has(stem(m[0], language))) {
      at = m.index;
      break;
    }
  }
  if (at === -1) return cut(flat, 0);
  const sentence = Math.max(flat.lastIndexOf('. ', at), flat.lastIndexOf('! ', at), flat.lastIndexOf('? ', at));
  const from = sentence === -1 || at - sentence > EXCERPT_CHARS / 2 ? Math.max(0, at - 40) : sentence + 2;
  return (from > 0 ? '…' : '') + cut(flat, from);
}

function cut(text: string, from: number): string {
  if (text.length - from <= EXCERPT_CHARS) return text.slice(from);
  const end = text.lastIndexOf(' ', from + EXCERPT_CHARS);
  return `${text.slice(from, end > from ? end : from + EXCERPT_CHARS)}…`;
}

export interface Segment {
  text: string;
  match: boolean;
}

/** `text` cut into runs of matching and other words, for <mark>; the text itself is never parsed as HTML. */
export function highlight(text: string, terms: string[], language: Language): Segment[] {
  const wanted = new Set(terms);
  const segments: Segment[] = [];
  const push = (piece: string, match: boolean) => {
    if (!piece) return;
    const last = segments[segments.length - 1];
    if (last && last.match === match) last.text += piece;
    else segments.push({ text: piece, match });
  };
  let rest = 0;
  const word = /[\p{L}\p{N}]+/gu;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    if (!wanted.has(stem(m[0], language))) continue;
    push(text.slice(rest, m.index), false);
    push(m[0], true);
    rest = m.index + m[0].length;
  }
  push(text.slice(rest), false);
  return segments;
}


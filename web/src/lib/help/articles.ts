/** The help articles of the cabinet's language, loaded on demand (the chunk is cached for offline use). */
import { language, type Language } from '$lib/i18n';
import type { Article } from './article';

export type { Article };

const cache = new Map<Language, Promise<Article[]>>();

export function loadArticles(lang: Language = language): Promise<Article[]> {
  let loading = cache.get(lang);
  if (!loading) {
    loading = (lang === 'en' ? import('./content-en') : import('./content-ru')).then((m) => m.articles);
    // A failed load (offline before the chunk was ever cached) may be retried.
    loading.catch(() => cache.delete(lang));
    cache.set(lang, loading);
  }
  return loading;
}

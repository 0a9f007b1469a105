// The Russian help articles, bundled together into one chunk that only «Помощь» loads.
import { articlesFrom } from './article';

export const articles = articlesFrom(import.meta.glob<string>('/src/help/ru/*.md', { query: '?raw', import: 'default', eager: true }));

// The English help articles, bundled together into one chunk that only Help loads.
import { articlesFrom } from './article';

export const articles = articlesFrom(import.meta.glob<string>('/src/help/en/*.md', { query: '?raw', import: 'default', eager: true }));

/**
 * Help articles are Markdown files in the repository (web/src/help/<language>/<slug>.md), each opening with a
 * small front matter block:
 *
 *   ---
 *   title: Привязка приборов
 *   summary: Как привязать счётчик по коду с наклейки или по QR-коду.
 *   order: 2
 *   keywords: QR-код, код привязки, серийный номер
 *   ---
 *
 * The same slug in each language is the same article, so links (`/help/binding`) work in either language.
 */
export interface Article {
  slug: string;
  title: string;
  /** Position in the list of articles (ascending). */
  order: number;
  /** One sentence for the list of articles (front matter `summary`, else the first paragraph). */
  summary: string;
  /** Words people may search by that the text does not use. */
  keywords: string[];
  /** The Markdown after the front matter. */
  body: string;
  /** The body as plain text: what the search indexes and quotes. */
  text: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** An article from its file: the slug is the file's name without `.md`. */
export function parseArticle(path: string, raw: string): Article {
  const slug = path.replace(/^.*\//, '').replace(/\.md$/, '');
  const match = FRONT_MATTER.exec(raw);
  const meta = new Map<string, string>();
  for (const line of (match?.[1] ?? '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) meta.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = match ? raw.slice(match[0].length) : raw;
  const title = meta.get('title') || /^#\s+(.+)$/m.exec(body)?.[1]?.trim() || slug;
  const order = Number(meta.get('order'));
  const text = plainText(body);
  return {
    slug,
    title,
    summary: meta.get('summary') || firstParagraph(body) || text.split('\n')[0] || '',
    order: Number.isFinite(order) ? order : 1000,
    keywords: (meta.get('keywords') ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    body: body.trim(),
    text,
  };
}

/** The first paragraph of prose: not a heading, a list or a quote. */
function firstParagraph(markdown: string): string {
  const block = markdown
    .split(/\r?\n\s*\r?\n/)
    .map((b) => b.trim())
    .find((b) => b && !/^(#|[-*+]\s|\d+\.\s|>|```)/.test(b));
  return block ? plainText(block).replace(/\n/g, ' ') : '';
}

/** Markdown without its markup: headings, emphasis, links (their text stays), list markers, code fences. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/** Articles in the order of the help's table of contents. */
export function sortArticles(articles: Article[]): Article[] {
  return [...articles].sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
}

/** Every article of a language from a `import.meta.glob(…, { query: '?raw', eager: true })` result. */
export function articlesFrom(files: Record<string, string>): Article[] {
  return sortArticles(Object.entries(files).map(([path, raw]) => parseArticle(path, raw)));
}

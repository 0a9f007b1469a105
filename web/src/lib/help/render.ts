/**
 * Markdown → HTML for help articles. The articles are files of this repository, reviewed like code, so the
 * HTML is trusted; nothing a visitor types is ever rendered through here.
 */
import { Marked } from 'marked';

const marked = new Marked({ gfm: true });

export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

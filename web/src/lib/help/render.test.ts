import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render';

describe('renderMarkdown', () => {
  it('renders the headings, lists, emphasis and links the articles use', () => {
    const html = renderMarkdown('## По коду\n\n1. Нажмите **«Войти»**\n2. Откройте [привязку](/bind)\n');
    expect(html).toContain('<h2>По коду</h2>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<strong>«Войти»</strong>');
    expect(html).toContain('<a href="/bind">привязку</a>');
  });
});

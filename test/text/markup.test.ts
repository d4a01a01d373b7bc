import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeWikitext, render } from '../../source/text/markup.js';

describe('wikitext escaping', () => {
  it.each([
    ['a|b', 'a&#124;b'],
    ['[[Page]]', '&#91;&#91;Page&#93;&#93;'],
    ['{{template}}', '&#123;&#123;template&#125;&#125;'],
    ['<script>', '&lt;script&gt;'],
    ["''italic''", '&#39;&#39;italic&#39;&#39;'],
    ['~~~~', '&#126;&#126;&#126;&#126;'],
    ['__NOTOC__', '&#95;&#95;NOTOC&#95;&#95;'],
    ['a=b & c', 'a&#61;b &amp; c'],
    ['two\nlines', 'two lines'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeWikitext(input)).toBe(expected);
  });

  it('writes a sortable table whose cells cannot break out of their row', () => {
    const text = render([{ kind: 'table', header: ['A|B', 'C'], rows: [[['x || y'], ['|-']]] }], 'wikitext');
    expect(text).toBe('{| class="wikitable sortable"\n! A&#124;B !! C\n|-\n| x &#124;&#124; y\n| &#124;-\n|}\n');
  });

  it('keeps a paragraph that starts with list markup a paragraph', () => {
    expect(render([{ kind: 'paragraph', content: ['* not a list'] }], 'wikitext')).toBe('&#42; not a list\n');
  });

  it('writes external links with the URL made safe and sibling pages as subpage links', () => {
    const text = render([{ kind: 'paragraph', content: [{ link: 'https://x.org/a b|c', text: 'X]' }, ' ', { link: 'owners', text: 'Owners' }] }], 'wikitext');
    expect(text).toBe('[https://x.org/a%20b%7Cc X&#93;] [[/owners|Owners]]\n');
  });
});

describe('markdown escaping', () => {
  it.each([
    ['a|b', 'a\\|b'],
    ['<b> a>b', '&lt;b> a>b'],
    ['> quote', '\\> quote'],
    ['*x* _y_ `z` [w]', '\\*x\\* \\_y\\_ \\`z\\` \\[w\\]'],
    ['#tag', '\\#tag'],
    ['a #b', 'a #b'],
    ['two\r\nlines', 'two lines'],
    ['~~struck~~', '\\~\\~struck\\~\\~'],
    ['&lt; & x', '&amp;lt; & x'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('keeps a trailing # in a heading, which Markdown would read as a closing sequence', () => {
    expect(render([{ kind: 'heading', level: 2, text: 'Policy C#' }], 'markdown')).toBe('## Policy C\\#\n');
  });

  it('writes a GFM table with pipes in cells and code spans escaped', () => {
    const text = render([{ kind: 'table', header: ['A|B'], rows: [[[{ code: 'x|y' }]]] }], 'markdown');
    expect(text).toBe('| A\\|B |\n| --- |\n| `x\\|y` |\n');
  });

  it('writes a bare URL as an autolink and other links with their label', () => {
    const text = render([{ kind: 'paragraph', content: [{ link: 'https://x.org/a', text: 'https://x.org/a' }, ' ', { link: 'owners.md', text: 'Owners' }] }], 'markdown');
    expect(text).toBe('<https://x.org/a> [Owners](owners.md)\n');
  });
});

/**
 * A tiny document model rendered to Markdown (forges) or wikitext (MediaWiki), so every page and export
 * is written once and escaped in one place.
 */
export type Inline = string | { link: string; text: string } | { code: string } | { bold: string };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'table'; header: string[]; rows: Inline[][][] };

export const DOC_FORMATS = ['markdown', 'wikitext'] as const;
export type DocFormat = (typeof DOC_FORMATS)[number];

export function render(blocks: Block[], format: DocFormat): string {
  const write = format === 'markdown' ? markdownBlock : wikitextBlock;
  return `${blocks.map(write).join('\n\n')}\n`;
}

/** A value that came from a config may hold newlines; one line keeps tables and lists intact. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

// Markdown (CommonMark + GFM tables)

/**
 * `~` makes GFM strikethrough (and `~~~` a code fence), `|` ends a table cell anywhere, `&` followed by a
 * name and `;` would be read as an entity.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/^[#>]/, (c) => `\\${c}`)
    .replace(/</g, '&lt;');
}

function markdownHref(href: string): string {
  return href.replace(/[\s()<>|]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function markdownInline(inline: Inline): string {
  if (typeof inline === 'string') return escapeMarkdown(inline);
  if ('link' in inline) {
    if (inline.text === inline.link && /^https?:\/\//.test(inline.link)) return `<${markdownHref(inline.link)}>`;
    return `[${escapeMarkdown(inline.text)}](${markdownHref(inline.link)})`;
  }
  if ('bold' in inline) return `**${escapeMarkdown(inline.bold)}**`;
  const code = oneLine(inline.code);
  const fence = code.includes('`') ? '``' : '`';
  // A pipe ends a table cell even inside code spans on GFM forges.
  return `${fence}${fence === '``' ? ' ' : ''}${code.replace(/\|/g, '\\|')}${fence === '``' ? ' ' : ''}${fence}`;
}

function markdownInlines(content: Inline[]): string {
  return content.map(markdownInline).join('');
}

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      // A heading's trailing #s are a closing sequence and would vanish.
      return `${'#'.repeat(block.level)} ${escapeMarkdown(block.text).replace(/#$/, '\\#')}`;
    case 'paragraph':
      return markdownInlines(block.content);
    case 'list':
      return block.items.map((item) => `- ${markdownInlines(item)}`).join('\n');
    case 'table': {
      const line = (cells: string[]): string => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
      return [
        line(block.header.map(escapeMarkdown)),
        line(block.header.map(() => '---')),
        ...block.rows.map((row) => line(row.map(markdownInlines))),
      ].join('\n');
    }
  }
}

// Wikitext (MediaWiki)

const WIKI_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
  '[': '&#91;',
  ']': '&#93;',
  '{': '&#123;',
  '}': '&#125;',
  "'": '&#39;',
  '~': '&#126;',
  '=': '&#61;',
};

/**
 * Entities rather than <nowiki>: they survive being pasted into a table cell, a link label or a heading,
 * and MediaWiki renders them as the characters they stand for. `=` matters in headings and templates,
 * `'` in bold/italic runs, `~` in signatures, `__` in magic words.
 */
export function escapeWikitext(text: string): string {
  return oneLine(text)
    .replace(/[&<>|[\]{}'~=]/g, (c) => WIKI_ENTITIES[c]!)
    .replace(/__/g, '&#95;&#95;');
}

/** At the start of a line these characters make lists, indents, preformatted text or rules. */
function wikiLineStart(line: string): string {
  return line.replace(/^[*#:; !-]/, (c) => `&#${c.charCodeAt(0)};`);
}

function wikiHref(href: string): string {
  return href.replace(/[\s[\]{}|<>'"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Relative links (to sibling pages) become subpage links; absolute URLs external links. */
function wikitextInline(inline: Inline): string {
  if (typeof inline === 'string') return escapeWikitext(inline);
  if ('link' in inline) {
    const label = escapeWikitext(inline.text);
    if (/^[a-z][a-z0-9+.-]*:/i.test(inline.link)) return `[${wikiHref(inline.link)} ${label}]`;
    return `[[/${inline.link.replace(/[^A-Za-z0-9_.\- ]/g, '')}|${label}]]`;
  }
  if ('bold' in inline) return `'''${escapeWikitext(inline.bold)}'''`;
  return `<code>${escapeWikitext(inline.code)}</code>`;
}

function wikitextInlines(content: Inline[]): string {
  return content.map(wikitextInline).join('');
}

function wikitextBlock(block: Block): string {
  switch (block.kind) {
    case 'heading': {
      const marks = '='.repeat(block.level + 1);
      return `${marks} ${escapeWikitext(block.text)} ${marks}`;
    }
    case 'paragraph':
      return wikiLineStart(wikitextInlines(block.content));
    case 'list':
      return block.items.map((item) => `* ${wikitextInlines(item)}`).join('\n');
    case 'table':
      return [
        '{| class="wikitable sortable"',
        `! ${block.header.map(escapeWikitext).join(' !! ')}`,
        ...block.rows.flatMap((row) => ['|-', ...row.map((cell) => `| ${wikitextInlines(cell)}`)]),
        '|}',
      ].join('\n');
  }
}

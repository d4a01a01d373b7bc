import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { escapeWikitext } from '../../source/alerts/sla-document.js';
import { runCommand } from './run-command.js';

const golden = (name: string): string => fileURLToPath(new URL(`./golden/${name}`, import.meta.url));
const CONFIG = golden('sla-config.yaml');

describe('api-health sla', () => {
  it('renders the policies and teams as Markdown by default (golden)', async () => {
    const result = await runCommand(['sla', '--config', CONFIG]);
    expect(result).toEqual({ code: 0, stdout: readFileSync(golden('sla.md'), 'utf8'), stderr: '' });
  });

  it('renders wikitext with sortable wikitables (golden)', async () => {
    const result = await runCommand(['sla', '--config', CONFIG, '--format', 'wikitext']);
    expect(result).toEqual({ code: 0, stdout: readFileSync(golden('sla.wiki'), 'utf8'), stderr: '' });
  });

  it('rejects an unknown format with exit code 2', async () => {
    const result = await runCommand(['sla', '--config', CONFIG, '--format', 'html']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('api-health: invalid --format "html" (use markdown or wikitext)\n');
  });

  it('exits 2 with the config error for a bad config', async () => {
    const result = await runCommand(['sla', '--config', golden('missing.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('file not found');
  });
});

describe('escapeWikitext', () => {
  it.each([
    ['a | b', 'a &#124; b'],
    ['[[Link]]', '&#91;&#91;Link&#93;&#93;'],
    ['{{template}}', '&#123;&#123;template&#125;&#125;'],
    ["''bold''", '&#39;&#39;bold&#39;&#39;'],
    ['~~~~', '&#126;&#126;&#126;&#126;'],
    ['__NOTOC__', '&#95;&#95;NOTOC&#95;&#95;'],
    ['<script>', '&lt;script&gt;'],
    ['two\nlines', 'two lines'],
  ])('escapes %j', (text, expected) => {
    expect(escapeWikitext(text)).toBe(expected);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeKey } from '../../source/ui/key-stream.js';
import { bindingFor, elsewhereNotice, KEY_TABLE, keyTableMarkdown, type Mode } from '../../source/ui/key-table.js';

const VIEWS: Mode[] = ['dashboard', 'detail', 'help', 'teams', 'alarms', 'alarm', 'mutes', 'owner', 'notifications'];

describe('the key table', () => {
  it.each(VIEWS)('q quits from %s', (view) => {
    expect(bindingFor(view, decodeKey('q'))?.does).toBe('quit');
  });

  it.each(['filter', 'prompt'] as const)('q types a q while typing into the %s', (mode) => {
    expect(bindingFor(mode, decodeKey('q'))?.keys).toEqual(['text']);
  });

  it.each(VIEWS.filter((v) => v !== 'dashboard'))('Esc goes back from %s', (view) => {
    expect(bindingFor(view, decodeKey('\u001b'))?.does).toBe('back');
  });

  it('has one entry per key in each mode', () => {
    const seen = new Set<string>();
    for (const binding of KEY_TABLE) {
      for (const mode of binding.modes) {
        for (const key of binding.keys) {
          const where = `${mode} ${key}`;
          expect(seen.has(where), where).toBe(false);
          seen.add(where);
        }
      }
    }
  });

  it("is README's key table", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.split('### Keys\n')[1]!.trimStart().split('\n\n')[0]!;
    expect(section.trim(), 'README\'s "### Keys" table: paste keyTableMarkdown() there').toBe(keyTableMarkdown());
  });

  it.each([
    { mode: 'alarms', key: 's', notice: 's (sort) works in the dashboard; Esc goes back' },
    { mode: 'detail', key: 'W', notice: 'W (maintenance) works in the dashboard; Esc goes back' },
    { mode: 'dashboard', key: 'x', notice: undefined },
    { mode: 'filter', key: 's', notice: undefined },
  ] as const)('in $mode, $key that does nothing there says: $notice', ({ mode, key, notice }) => {
    expect(elsewhereNotice(mode, decodeKey(key))).toBe(notice);
  });
});

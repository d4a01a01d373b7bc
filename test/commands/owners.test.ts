import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OWNER_FORMATS } from '../../source/ownership/format-owners.js';
import { runCommand } from '../helpers/run-command.js';
import { SECRET, SECRET_ENV, secretFleetYaml } from '../helpers/secret-fleet.js';
import { useTempDir } from '../helpers/temp-dir.js';

const example = fileURLToPath(new URL('../../examples/wikimedia.yaml', import.meta.url));

describe('api-health owners', () => {
  const tempDir = useTempDir();

  it('prints a Markdown table by default, one row per API of the Wikimedia registry', async () => {
    const result = await runCommand(['owners', '--config', example]);
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split('\n');
    expect(rows[0]).toBe('| API | Family | Steward | Contacts | Phabricator | Alarm channels | SLA policy | Probe URL |');
    expect(rows).toHaveLength(2 + 13);
    expect(result.stdout).toContain('| API Portal | **Unassigned** |');
  });

  it('lists one team with --team, as JSON with the channels per severity', async () => {
    const result = await runCommand(['owners', '--config', example, '--team', 'dpe', '--format', 'json']);
    const entries = JSON.parse(result.stdout) as { id: string; team: string; channelsBySeverity: Record<string, string[]> }[];
    expect(entries.map((e) => e.id)).toEqual(['aqs-pageviews', 'aqs-unique-devices']);
    expect(entries[0]!.channelsBySeverity).toEqual({
      page: ['pager', 'oncall', 'irc-operations', 'desk', 'dpe-mail'],
      critical: ['irc-operations', 'dpe-mail'],
      warning: ['irc-operations', 'dpe-mail'],
      info: ['dpe-mail'],
    });
  });

  it('writes wikitext ready for the Developers/Maintainers page to --output', async () => {
    const file = join(tempDir(), 'owners.wiki');
    const result = await runCommand(['owners', '--config', example, '--format', 'wikitext', '--output', file]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(file, 'utf8')).toMatch(/^\{\| class="wikitable sortable"\n! API !! Family !! Steward/);
  });

  it('refuses an unknown --team, naming the known ones', async () => {
    const result = await runCommand(['owners', '--config', example, '--team', 'nobody']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('api-health: unknown --team "nobody" (known: mwi, ctt, dpe, wikidata, growth, connection, unassigned)\n');
  });

  it.each(OWNER_FORMATS)('never prints a ${VAR} value from a probe URL or link as %s', async (format) => {
    const file = join(tempDir(), 'keyed.yaml');
    writeFileSync(file, secretFleetYaml());
    const result = await runCommand(['owners', '--config', file, '--format', format], { env: SECRET_ENV });
    expect(result.code).toBe(0);
    // Each format escapes the marker its own way (wikitext writes [redacted] as &#91;redacted&#93;).
    expect(result.stdout).toContain('redacted');
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
  });

  it('refuses an unknown --format', async () => {
    const result = await runCommand(['owners', '--config', example, '--format', 'xml']);
    expect(result).toMatchObject({ code: 2, stderr: 'api-health: unknown --format "xml" (known: markdown, wikitext, csv, json)\n' });
  });
});

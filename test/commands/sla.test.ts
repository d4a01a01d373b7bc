import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';

const golden = (name: string): string => fileURLToPath(new URL(`./golden/${name}`, import.meta.url));
const CONFIG = golden('sla-config.yaml');

describe('api-health sla', () => {
  const tempDir = useTempDir();

  it('prints the SLA page of the docs command, as Markdown by default (golden)', async () => {
    const result = await runCommand(['sla', '--config', CONFIG]);
    expect(result).toEqual({ code: 0, stdout: readFileSync(golden('sla.md'), 'utf8'), stderr: '' });
  });

  it('renders wikitext with sortable wikitables (golden)', async () => {
    const result = await runCommand(['sla', '--config', CONFIG, '--format', 'wikitext']);
    expect(result).toEqual({ code: 0, stdout: readFileSync(golden('sla.wiki'), 'utf8'), stderr: '' });
  });

  it.each(['markdown', 'wikitext'])('prints exactly the sla page that docs writes, in %s', async (format) => {
    const dir = tempDir();
    const docs = await runCommand(['docs', '--config', CONFIG, '--out', dir, '--format', format]);
    expect(docs.code).toBe(0);
    const result = await runCommand(['sla', '--config', CONFIG, '--format', format]);
    expect(result.stdout).toBe(readFileSync(join(dir, format === 'markdown' ? 'sla.md' : 'sla.wiki'), 'utf8'));
  });

  it('writes to --output instead of stdout', async () => {
    const dir = tempDir();
    const result = await runCommand(['sla', '--config', CONFIG, '--output', 'sla.md'], { cwd: dir });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'sla.md'), 'utf8')).toBe(readFileSync(golden('sla.md'), 'utf8'));
  });

  it('rejects an unknown format with exit code 2', async () => {
    const result = await runCommand(['sla', '--config', CONFIG, '--format', 'html']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('api-health: unknown --format "html" (known: markdown, wikitext)\n');
  });

  it('exits 2 with the config error for a bad config', async () => {
    const result = await runCommand(['sla', '--config', golden('missing.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('file not found');
  });
});

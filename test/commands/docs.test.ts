import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = join(root, 'examples/wikimedia.yaml');
const committed = join(root, 'docs/wikimedia');

describe('api-health docs', () => {
  const makeDir = useTempDir('api-health-docs-');
  let dir: string;
  beforeEach(() => {
    dir = makeDir();
  });

  it.each(['markdown', 'wikitext'])(
    'the committed docs/wikimedia pages in %s match what examples/wikimedia.yaml generates now (regenerate: api-health docs --config examples/wikimedia.yaml --out docs/wikimedia --format FORMAT)',
    async (format) => {
      const result = await runCommand(['docs', '--config', example, '--out', committed, '--format', format, '--check'], { cwd: root });
      expect(result.stdout).toBe(`5 pages in ${committed} match wikimedia.yaml\n`);
      expect(result.code).toBe(0);
    },
  );

  it('writes the index and the four pages, the index stamped with the config hash and SOURCE_DATE_EPOCH', async () => {
    const result = await runCommand(['docs', '--config', example, '--out', dir], { env: { SOURCE_DATE_EPOCH: '1767225600' } });
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['alarms.md', 'index.md', 'notifications.md', 'owners.md', 'sla.md']);
    const index = readFileSync(join(dir, 'index.md'), 'utf8');
    expect(index).toContain('- [API ownership](owners.md)\n- [Notification strategy](notifications.md)\n- [Alarms](alarms.md)\n- [Service level agreement](sla.md)\n');
    expect(index).toMatch(/Config `wikimedia\.yaml` sha256 `[0-9a-f]{64}`/);
    expect(index).toContain('Generated at 2026-01-01T00:00:00.000Z\n');
  });

  it('--check exits 1 and lists the pages that drifted or are missing', async () => {
    cpSync(committed, dir, { recursive: true });
    writeFileSync(join(dir, 'alarms.md'), 'edited by hand\n');
    rmSync(join(dir, 'sla.md'));
    const result = await runCommand(['docs', '--config', example, '--out', dir, '--check']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`out of date: ${join(dir, 'alarms.md')}\nout of date: ${join(dir, 'sla.md')}\n2 page(s) differ from wikimedia.yaml`);
  });

  it.each(['markdown', 'wikitext'])('writes no secret of a runbook or API url into %s pages, in any encoding', async (format) => {
    const secret = 'tok en|<&>"x\'y/é';
    const config = join(dir, 'api-health.yaml');
    writeFileSync(
      config,
      [
        'teams:',
        '  mwi: { name: MediaWiki Interfaces, contacts: { email: mwi@example.org } }',
        'apis:',
        '  keyed:',
        '    owner: mwi',
        '    url: "https://api.example.org/v1/search?key=${APIKEY}"',
        '    runbook: "https://wikitech.example.org/Keyed/${APIKEY}?token=${APIKEY}"',
        '    dashboard: "https://grafana.example.org/d/${APIKEY}"',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'pages');
    const result = await runCommand(['docs', '--config', config, '--out', out, '--format', format], { env: { APIKEY: secret } });
    expect(result.code).toBe(0);
    const written = readdirSync(out).map((page) => readFileSync(join(out, page), 'utf8')).join('\n');
    expect(written).toContain('[redacted]');
    for (const part of ['tok en', 'tok%20en', 'tok+en', 'en|', 'en%7C']) expect(written).not.toContain(part);
  });

  it('needs --out', async () => {
    const result = await runCommand(['docs', '--config', example]);
    expect(result).toMatchObject({ code: 2, stderr: 'api-health: docs needs --out DIR: the folder for the pages\n' });
  });
});

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../source/config/load.js';
import { ownershipList } from '../../source/ownership/registry.js';
import { runCommand } from '../helpers/run-command.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const PARAMINFO = join(EXAMPLES, 'action-api/paraminfo.json');
const OWNER_MAP = join(EXAMPLES, 'action-api/owner-map.yaml');
const CONFIG = `teams:
  mwi: { name: MediaWiki Interfaces }
  wikidata: { name: Wikidata }
apis:
  action-api-siteinfo: { name: Action API siteinfo, family: Action API, owner: mwi, url: "https://en.wikipedia.org/w/api.php?action=query&meta=siteinfo&format=json" }
`;

describe('api-health import action-api FILE --owner-map FILE', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = tempDir();
    file = join(dir.path, 'api-health.yaml');
    writeFileSync(file, CONFIG);
    writeFileSync(join(dir.path, 'owners.yaml'), 'MediaWiki: mwi\nWikibaseRepository: wikidata\n');
  });
  afterEach(() => dir.remove());

  const importModules = (...flags: string[]) => runCommand(['import', 'action-api', PARAMINFO, '--config', file, ...flags], { cwd: dir.path });

  it('adds every module to the ownership list as a component, its steward from its source, and lists the Unassigned ones', async () => {
    const result = await importModules('--owner-map', 'owners.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      `added 8 modules to ${file} (components): action-api-parse, action-api-query-search, action-api-query-siteinfo, action-api-wbgetentities, action-api-query-pageviews, action-api-query-notifications, action-api-visualeditor, action-api-cirrus-config-dump`,
    );
    expect(result.stdout).toContain('unassigned (no team for its source in owners.yaml): action-api-query-pageviews (prop=pageviews, source PageViewInfo)\n');
    const config = parseConfigText(readFileSync(file, 'utf8'), file, {});
    expect(config.apis.map((a) => a.id)).toEqual(['action-api-siteinfo']);
    expect(config.components.find((c) => c.id === 'action-api-query-search')).toEqual({
      id: 'action-api-query-search',
      name: 'Action API list=search',
      family: 'Action API',
      owner: 'mwi',
      description: 'query+search from MediaWiki',
      docs: 'https://www.mediawiki.org/wiki/Special:MyLanguage/API:Search',
    });
    expect(config.components.find((c) => c.id === 'action-api-wbgetentities')!.owner).toBe('wikidata');
    const unassigned = ownershipList(config, 'unassigned').map((e) => e.apiId);
    expect(unassigned).toEqual(['action-api-cirrus-config-dump', 'action-api-visualeditor', 'action-api-query-notifications', 'action-api-query-pageviews']);
  });

  it('keeps every other line of the config as it was', async () => {
    await importModules('--owner-map', 'owners.yaml');
    expect(readFileSync(file, 'utf8').startsWith(CONFIG)).toBe(true);
  });

  it('adds nothing the second time, and says each module is there already', async () => {
    await importModules('--owner-map', 'owners.yaml');
    const text = readFileSync(file, 'utf8');
    const again = await importModules('--owner-map', 'owners.yaml');
    expect(again.stdout).toBe(`nothing added to ${file}\n`);
    expect(again.stderr).toContain('left out: action-api-parse (the config has this id already: kept as it is)\n');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('probes each module\'s paraminfo only when asked with --probe', async () => {
    await importModules('--owner-map', 'owners.yaml', '--probe', 'https://en.wikipedia.org/w/api.php');
    const config = parseConfigText(readFileSync(file, 'utf8'), file, {});
    expect(config.apis.find((a) => a.id === 'action-api-query-search-paraminfo')).toMatchObject({
      owner: 'mwi',
      url: 'https://en.wikipedia.org/w/api.php?action=paraminfo&modules=query%2Bsearch&format=json&formatversion=2',
    });
  });

  it('publishes them with owners --format wikitext --by steward, one section per steward, Unassigned last', async () => {
    await importModules('--owner-map', 'owners.yaml');
    const result = await runCommand(['owners', '--config', file, '--format', 'wikitext', '--by', 'steward'], { cwd: dir.path });
    expect(result.code).toBe(0);
    const headings = result.stdout.split('\n').filter((line) => line.startsWith('='));
    expect(headings).toEqual(['=== MediaWiki Interfaces (4) ===', '=== Wikidata (1) ===', '=== Unassigned (4) ===']);
    // Wikitext writes = in a cell as &#61;, or it would read as a template argument.
    expect(result.stdout).toContain('| Action API list&#61;search (action-api-query-search)');
  });

  it.each([
    [[], 'import action-api needs --owner-map FILE'],
    [['--owner-map', 'missing.yaml'], 'cannot read the owner map missing.yaml: file not found'],
    [['--owner-map', 'bad-team.yaml'], '--owner-map bad-team.yaml: MediaWiki maps to "mwii", not a team of the config (teams: mwi, wikidata)'],
    [['--owner-map', 'owners.yaml', '--probe', 'en.wikipedia.org'], 'invalid --probe "en.wikipedia.org"'],
  ])('refuses %j with a usage error and writes nothing', async (flags, message) => {
    writeFileSync(join(dir.path, 'bad-team.yaml'), 'MediaWiki: mwii\n');
    const result = await importModules(...flags);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(readFileSync(file, 'utf8')).toBe(CONFIG);
  });

  it('refuses a document that is not a paraminfo answer', async () => {
    copyFileSync(OWNER_MAP, join(dir.path, 'not-paraminfo.json'));
    writeFileSync(join(dir.path, 'not-paraminfo.json'), '{"query": {"pages": []}}');
    const result = await runCommand(['import', 'action-api', 'not-paraminfo.json', '--config', file, '--owner-map', 'owners.yaml'], { cwd: dir.path });
    expect(result).toMatchObject({ code: 2, stderr: 'api-health: not-paraminfo.json: not an action=paraminfo answer: expected {"paraminfo": {"modules": [...]}}\n' });
  });

  it('leaves out a module without its source, and says why', async () => {
    writeFileSync(join(dir.path, 'partial.json'), JSON.stringify({ paraminfo: { modules: [{ name: 'parse', path: 'parse', group: 'action' }] } }));
    const result = await runCommand(['import', 'action-api', 'partial.json', '--config', file, '--owner-map', 'owners.yaml'], { cwd: dir.path });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^left out: modules\[0\]: source /);
  });

  it('reads the shipped example map against examples/wikimedia.yaml', async () => {
    copyFileSync(join(EXAMPLES, 'wikimedia.yaml'), file);
    const env = Object.fromEntries([...readFileSync(file, 'utf8').matchAll(/\$\{([A-Z0-9_]+)\}/g)].map(([, name]) => [name!, 'x']));
    const result = await runCommand(['import', 'action-api', PARAMINFO, '--config', file, '--owner-map', OWNER_MAP], { cwd: dir.path, env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('unassigned (no team for its source in');
  });
});

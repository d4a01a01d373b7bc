import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../source/config/load.js';
import { formatOwners, OWNER_FORMATS } from '../../source/ownership/format-owners.js';
import { ownershipList } from '../../source/ownership/registry.js';

const fixture = fileURLToPath(new URL('./fixtures/tricky.yaml', import.meta.url));
const EXTENSION = { markdown: 'md', wikitext: 'wiki', csv: 'csv', json: 'json' } as const;

describe('ownership list exports', () => {
  const entries = ownershipList(loadConfigFile(fixture, {}));

  it.each(OWNER_FORMATS)('%s matches its golden file (commas, quotes, pipes and wiki markup in names)', async (format) => {
    await expect(formatOwners(entries, format)).toMatchFileSnapshot(`./golden/owners.${EXTENSION[format]}`);
  });

  it('lists APIs by family then name, with Unassigned where nobody owns one', () => {
    expect(entries.map((e) => [e.family, e.apiId, e.steward])).toEqual([
      ['Core, REST', 'wiki', 'Docs <team>'],
      ['Core, REST', 'pipes', 'Core | Platform, "APIs"'],
      ['Legacy', 'orphan', 'Unassigned'],
    ]);
  });

  it('gives the channels each severity reaches: pages to the pager first, then the team fallback', () => {
    const pipes = entries.find((e) => e.apiId === 'pipes')!;
    expect(pipes.routes).toEqual({ page: ['pager'], critical: ['core-mail'], warning: ['core-mail'], info: ['core-mail'] });
    expect(pipes.channels).toEqual(['pager', 'core-mail']);
  });

  it('filters to one team, or to the Unassigned APIs', () => {
    const config = loadConfigFile(fixture, {});
    expect(ownershipList(config, 'core').map((e) => e.apiId)).toEqual(['pipes']);
    expect(ownershipList(config, 'unassigned').map((e) => e.apiId)).toEqual(['orphan']);
  });
});

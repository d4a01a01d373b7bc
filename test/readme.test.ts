import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = readme.split('\n\n');

describe('the README', () => {
  it('says what the tool is first, then the two commands, then how the tests run', () => {
    expect(blocks[0]).toBe('# api-health');
    expect(blocks[1]).toMatch(/^A terminal dashboard for live API health and ownership/);
    const commands = blocks[2]!.split('\n').filter((line) => !line.startsWith('```'));
    expect(commands.map((line) => line.split('#')[0]!.trim())).toEqual(['npm install && npm start', 'npm test']);
    expect(blocks[3]).toMatch(/^\*\*Tests\.\*\*/);
  });

  it('says that init writes to stdout without --output and that docs needs --out', () => {
    expect(readme).toContain('`init` writes to stdout unless `--output` names a file');
    expect(readme).toMatch(/`docs --out DIR`.*the folder `--out` names, which `docs` needs/);
  });
});

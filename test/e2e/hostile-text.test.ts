import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runBinary } from '../helpers/cli-binary.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { TmuxTerminal } from '../helpers/tmux.js';

const terminal = needsBinaries(['tmux']);

/** An OSC title sequence, a right-to-left override and a zero-width space in the names people read. */
const HOSTILE_CONFIG = [
  'teams:',
  '  mwi: { name: "MediaWiki \\u202eInterfaces" }',
  'apis:',
  '  page:',
  '    name: "page html\\e]2;pwned\\a"',
  '    family: "REST\\u200b"',
  '    owner: mwi',
  '    url: http://127.0.0.1:9/page',
  '',
].join('\n');

const terminals: TmuxTerminal[] = [];
afterEach(() => {
  for (const terminal of terminals.splice(0)) terminal.close();
});

describe('text from a config that would drive the terminal', () => {
  const newDir = useTempDir('api-health-hostile-');

  function hostileConfig(): string {
    const file = join(newDir(), 'api-health.yaml');
    writeFileSync(file, HOSTILE_CONFIG);
    return file;
  }

  it('is a config error in check, named by line and code point, and nothing raw is printed', async () => {
    const result = await runBinary(['check', '--config', hostileConfig(), '--duration', '1s']);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).not.toMatch(/[\u001b\u0007\u202e\u200b]/);
    expect(result.stderr).toContain('api-health.yaml:2:10: teams.mwi.name: contains U+202E');
    expect(result.stderr).toContain('api-health.yaml:5:5: apis.page.name: contains U+001B');
    expect(result.stderr).toContain('api-health.yaml:6:5: apis.page.family: contains U+200B');
  });

  terminal.it('never reaches a real terminal: the dashboard refuses the config and the pane keeps its title', async () => {
    const t = new TmuxTerminal({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8', XDG_STATE_HOME: newDir() });
    terminals.push(t);
    const title = t.title();
    t.start(['node', CLI, '--config', hostileConfig()]);
    expect(await t.waitForExit()).toBe(2);
    expect(t.screen()).toContain('apis.page.name: contains U+001B');
    expect(t.title()).toBe(title);
    expect(t.title()).not.toContain('pwned');
  });
});

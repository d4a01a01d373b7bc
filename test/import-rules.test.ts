import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from './helpers/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const CRUISER = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Runs the import check the way `npm test` does, over `cwd`'s source/. */
function checkImports(cwd: string): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [CRUISER, 'source', '--config', CONFIG, '--output-type', 'err'], { cwd, encoding: 'utf8' });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe('import rules', () => {
  const newDir = useTempDir('api-health-imports-');

  /** A tree of one-line modules: each file imports the files listed for it. */
  function tree(files: Record<string, string[]>): string {
    const dir = newDir();
    copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    for (const [file, imports] of Object.entries(files)) {
      const path = join(dir, 'source', file);
      mkdirSync(dirname(path), { recursive: true });
      const lines = imports.map((target, i) => `import * as m${i} from '${target}';\nvoid m${i};`);
      writeFileSync(path, `${lines.join('\n')}\nexport const here = 1;\n`);
    }
    return dir;
  }

  it('pass on the project itself', () => {
    const { code, output } = checkImports(ROOT);
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  });

  it('fail when core imports a folder of ours, naming the file', () => {
    const { code, output } = checkImports(tree({ 'core/clock.ts': ['../ui/view.js'], 'ui/view.ts': [] }));
    expect(code).not.toBe(0);
    expect(output).toMatch(/core-is-a-leaf: source\/core\/clock\.ts/);
  });

  it('fail when the UI imports the notifier', () => {
    const { code, output } = checkImports(tree({ 'ui/view.ts': ['../notify/send.js'], 'notify/send.ts': [] }));
    expect(code).not.toBe(0);
    expect(output).toMatch(/ui-renders-only: source\/ui\/view\.ts/);
  });

  it('fail when alerts read files', () => {
    const { code, output } = checkImports(tree({ 'alerts/rule.ts': ['node:fs'] }));
    expect(code).not.toBe(0);
    expect(output).toMatch(/pure-metrics-and-alerts-no-io: source\/alerts\/rule\.ts/);
  });

  it('fail on a folder-level cycle even when no two files import each other', () => {
    const { code, output } = checkImports(tree({ 'state/a.ts': ['../ui/b.js'], 'ui/b.ts': [], 'ui/c.ts': ['../state/d.js'], 'state/d.ts': [] }));
    expect(code).not.toBe(0);
    expect(output).toMatch(/layer:state: source\/state\/a\.ts/);
  });

  it('fail on two files that import each other', () => {
    const { code, output } = checkImports(tree({ 'state/a.ts': ['./b.js'], 'state/b.ts': ['./a.js'] }));
    expect(code).not.toBe(0);
    expect(output).toMatch(/no-file-cycles: source\/state\/a\.ts/);
  });

  it('pass a lazy import() back, which is no cycle when modules load', () => {
    const dir = tree({ 'commands/table.ts': [], 'commands/help.ts': ['./table.js'] });
    writeFileSync(join(dir, 'source/commands/table.ts'), "export const load = () => import('./help.js');\n");
    const { code, output } = checkImports(dir);
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  });

  it('fail on a folder that has no layer', () => {
    const { code, output } = checkImports(tree({ 'widgets/a.ts': ['../core/b.js'], 'core/b.ts': [] }));
    expect(code).not.toBe(0);
    expect(output).toMatch(/known-folders: source\/widgets\/a\.ts/);
  });
});

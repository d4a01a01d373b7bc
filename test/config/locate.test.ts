import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configCandidates, findConfig } from '../../source/config/locate.js';
import { useTempDir } from '../helpers/temp-dir.js';

const makeRoot = useTempDir('api-health-locate-');

function layout(files: { cwd?: boolean; xdg?: boolean }): { cwd: string; xdg: string } {
  const root = makeRoot();
  const cwd = join(root, 'project');
  const xdg = join(root, 'xdg');
  mkdirSync(cwd);
  mkdirSync(join(xdg, 'api-health'), { recursive: true });
  if (files.cwd) writeFileSync(join(cwd, 'api-health.yaml'), 'apis: {}\n');
  if (files.xdg) writeFileSync(join(xdg, 'api-health', 'config.yaml'), 'apis: {}\n');
  return { cwd, xdg };
}

describe('config discovery', () => {
  it('looks in ./api-health.yaml, then $XDG_CONFIG_HOME/api-health/config.yaml', () => {
    expect(configCandidates('/work/project', { XDG_CONFIG_HOME: '/home/u/.cfg' })).toEqual([
      '/work/project/api-health.yaml',
      '/home/u/.cfg/api-health/config.yaml',
    ]);
  });

  it('falls back to ~/.config when XDG_CONFIG_HOME is unset or empty', () => {
    const [, unset] = configCandidates('/p', {});
    const [, empty] = configCandidates('/p', { XDG_CONFIG_HOME: '' });
    expect(unset).toMatch(/\.config\/api-health\/config\.yaml$/);
    expect(empty).toBe(unset);
  });

  it.each([
    { files: { cwd: true, xdg: true }, found: 'cwd' },
    { files: { cwd: false, xdg: true }, found: 'xdg' },
    { files: { cwd: true, xdg: false }, found: 'cwd' },
  ] as const)('with $files it picks the $found file', ({ files, found }) => {
    const { cwd, xdg } = layout(files);
    const expected = found === 'cwd' ? join(cwd, 'api-health.yaml') : join(xdg, 'api-health', 'config.yaml');
    expect(findConfig(cwd, { XDG_CONFIG_HOME: xdg })).toBe(expected);
  });

  it('finds nothing when neither file exists', () => {
    const { cwd, xdg } = layout({});
    expect(findConfig(cwd, { XDG_CONFIG_HOME: xdg })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { resolveStateDir } from '../../source/persistence/state-dir.js';

describe('resolveStateDir', () => {
  const base = { env: {}, home: '/home/ada', cwd: '/work' };

  it('prefers --state-dir, relative to the working directory', () => {
    expect(resolveStateDir({ ...base, flag: 'state', env: { XDG_STATE_HOME: '/xdg' } })).toBe('/work/state');
  });

  it('uses $XDG_STATE_HOME/api-health next', () => {
    expect(resolveStateDir({ ...base, env: { XDG_STATE_HOME: '/xdg' } })).toBe('/xdg/api-health');
  });

  it('ignores an empty or relative $XDG_STATE_HOME, as the XDG spec says', () => {
    expect(resolveStateDir({ ...base, env: { XDG_STATE_HOME: '' } })).toBe('/home/ada/.local/state/api-health');
    expect(resolveStateDir({ ...base, env: { XDG_STATE_HOME: 'rel' } })).toBe('/home/ada/.local/state/api-health');
  });

  it('falls back to ~/.local/state/api-health', () => {
    expect(resolveStateDir(base)).toBe('/home/ada/.local/state/api-health');
  });
});

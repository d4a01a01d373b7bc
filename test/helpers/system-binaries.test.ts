import { chmodSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installCommand, isCi, missingBinaries, missingBinariesMessage, needsBinaries, packagesFor, planFor } from './system-binaries.js';
import { useTempDir } from './temp-dir.js';

describe('missingBinaries', () => {
  const makeDir = useTempDir('api-health-path-');

  const program = (dir: string, name: string, mode: number): void => {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), mode);
  };

  it('finds a program that is executable in any directory of PATH', () => {
    const first = makeDir();
    const second = makeDir();
    program(second, 'promtool', 0o755);
    expect(missingBinaries(['promtool', 'tmux'], [first, second].join(delimiter))).toEqual(['tmux']);
  });

  it('counts a file that is not executable as missing, as the shell would', () => {
    const dir = makeDir();
    program(dir, 'amtool', 0o644);
    expect(missingBinaries(['amtool'], dir)).toEqual(['amtool']);
  });

  it('finds nothing on an empty PATH', () => {
    expect(missingBinaries(['tmux', 'prometheus'], '')).toEqual(['tmux', 'prometheus']);
  });
});

describe('isCi', () => {
  it.each(['true', '1', 'TRUE', 'yes'])('CI=%s is a CI run', (value) => {
    expect(isCi({ CI: value })).toBe(true);
  });

  it.each([undefined, '', 'false', '0', 'False'])('CI=%s is not', (value) => {
    expect(isCi({ CI: value })).toBe(false);
  });
});

describe('planFor', () => {
  it('runs a suite whose programs are all there, under CI or not', () => {
    expect([planFor([], false), planFor([], true)]).toEqual(['run', 'run']);
  });

  it('skips a suite with a missing program on a developer\'s machine', () => {
    expect(planFor(['tmux'], false)).toBe('skip');
  });

  it('fails it under CI, which must never skip silently', () => {
    expect(planFor(['tmux'], true)).toBe('fail');
  });
});

describe('what to install', () => {
  it('names each Debian package once, however many of its programs are missing', () => {
    expect(packagesFor(['promtool', 'prometheus', 'amtool', 'prometheus-alertmanager', 'tmux'])).toEqual(['prometheus', 'prometheus-alertmanager', 'tmux']);
  });

  it('says which programs are missing and the command that installs them', () => {
    expect(installCommand(['amtool', 'promtool'])).toBe('apt-get install prometheus prometheus-alertmanager');
    expect(missingBinariesMessage(['tmux', 'amtool'])).toBe('"tmux", "amtool" not on PATH (apt-get install prometheus-alertmanager tmux)');
  });
});

describe('needsBinaries', () => {
  it('refuses a file outside the integration project, so the unit suite never waits on a real program', () => {
    expect(() => needsBinaries(['tmux'])).toThrow('a test file that needs tmux belongs to the integration project: list it in vitest.config.ts');
  });
});

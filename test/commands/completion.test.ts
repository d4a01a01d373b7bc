import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../source/commands/command-table.js';
import { CLI, requireBuiltCli } from '../helpers/cli-binary.js';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';

const makeDir = useTempDir('api-health-completion-');

const hasShell = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

/** The shell's own syntax check (-n): parses the script, runs nothing. */
function syntaxCheck(shell: string, script: string): { status: number | null; stderr: string } {
  const file = join(makeDir(), `api-health.${shell}`);
  writeFileSync(file, script);
  const result = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

const CONFIG = `teams:
  mwi: { name: MediaWiki Interfaces }
  ctt: { name: Content Transform Team }
channels:
  mwi-slack: { type: slack, url: "https://hooks.example.org/x" }
  desk: { type: terminal }
apis:
  page: { url: "https://example.org/page", owner: mwi }
`;

describe('api-health completion SHELL', () => {
  it('prints a bash script that bash accepts', async () => {
    const result = await runCommand(['completion', 'bash']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(syntaxCheck('bash', result.stdout)).toEqual({ status: 0, stderr: '' });
  });

  it.skipIf(!hasShell('zsh'))('prints a zsh script that zsh accepts (skipped: zsh is not installed)', async () => {
    expect(syntaxCheck('zsh', (await runCommand(['completion', 'zsh'])).stdout)).toEqual({ status: 0, stderr: '' });
  });

  it.skipIf(!hasShell('fish'))('prints a fish script that fish accepts (skipped: fish is not installed)', async () => {
    expect(syntaxCheck('fish', (await runCommand(['completion', 'fish'])).stdout)).toEqual({ status: 0, stderr: '' });
  });

  it('offers every command and, per command, its flags', async () => {
    const { stdout } = await runCommand(['completion', 'bash']);
    expect(stdout).toContain('compgen -W "check monitor owners validate schema init import docs sla report timeline notify export maintenance completion help"');
    expect(stdout).toMatch(/^ {4}check\) COMPREPLY=\(\$\(compgen -W "--config -c --demo --duration --json --state-dir --metrics-port --metrics-host --vantage --local-address --all-vantages --help -h --version"/m);
  });

  it('offers the choices of a flag and the arguments of a command', async () => {
    const { stdout } = await runCommand(['completion', 'bash']);
    expect(stdout).toContain('owners:--format) COMPREPLY=($(compgen -W "markdown wikitext csv json" -- "$cur")); return ;;');
    expect(stdout).toContain('0) COMPREPLY=($(compgen -W "prometheus-rules alertmanager pyrra" -- "$cur")) ;;');
  });

  it('names every command in the fish script with its summary', async () => {
    const { stdout } = await runCommand(['completion', 'fish']);
    for (const command of COMMANDS) {
      expect(stdout).toContain(`complete -c api-health -n '__fish_use_subcommand' -a ${command.name} -d `);
    }
  });

  it('rejects an unknown shell in one line', async () => {
    expect(await runCommand(['completion', 'tcsh'])).toMatchObject({ code: 2, stderr: 'api-health: completion needs one shell: bash, zsh, fish (e.g. source <(api-health completion bash))\n' });
  });
});

describe('api-health completion --list (what the scripts call back)', () => {
  const withConfig = (): { dir: string; file: string } => {
    const dir = makeDir();
    const file = join(dir, 'fleet.yaml');
    writeFileSync(file, CONFIG);
    return { dir, file };
  };

  it('lists the team ids of the config named by --config, and unassigned', async () => {
    const { file } = withConfig();
    expect(await runCommand(['completion', '--list', 'teams', '--config', file])).toEqual({ code: 0, stdout: 'mwi\nctt\nunassigned\n', stderr: '' });
  });

  it('lists the channel ids', async () => {
    const { file } = withConfig();
    expect((await runCommand(['completion', '--list', 'channels', '--config', file])).stdout).toBe('mwi-slack\ndesk\n');
  });

  it('reads ./api-health.yaml without --config, as every command does', async () => {
    const dir = makeDir();
    writeFileSync(join(dir, 'api-health.yaml'), CONFIG);
    expect((await runCommand(['completion', '--list', 'teams'], { cwd: dir, env: { XDG_CONFIG_HOME: join(dir, 'xdg') } })).stdout).toBe('mwi\nctt\nunassigned\n');
  });

  it('prints nothing at all for a broken config or none', async () => {
    const dir = makeDir();
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'apis: [\n');
    for (const argv of [
      ['completion', '--list', 'teams', '--config', broken],
      ['completion', '--list', 'teams', '--config', join(dir, 'missing.yaml')],
    ]) {
      const result = await runCommand(argv, { cwd: dir });
      expect(result.stdout + result.stderr).toBe('');
    }
  });
});

describe('the bash script at work (the built binary as api-health on PATH)', () => {
  /** Completes `words` (the last is the word being typed) the way bash does on Tab, and returns what it offers. */
  async function complete(words: string[], cwd: string): Promise<string[]> {
    requireBuiltCli();
    const bin = join(makeDir(), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'api-health'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'api-health'), 0o755);
    const script = (await runCommand(['completion', 'bash'])).stdout;
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const result = spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _api_health; printf '%s\\n' "\${COMPREPLY[@]}"`], {
      cwd,
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: cwd, XDG_CONFIG_HOME: join(cwd, 'xdg') },
    });
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter((line) => line !== '');
  }

  it('completes a command name', async () => {
    expect(await complete(['api-health', 'ch'], makeDir())).toEqual(['check']);
  });

  it('completes the command help is asked about', async () => {
    expect(await complete(['api-health', 'help', 'mon'], makeDir())).toEqual(['monitor']);
  });

  it('completes the shell of completion', async () => {
    expect(await complete(['api-health', 'completion', 'b'], makeDir())).toEqual(['bash']);
  });

  it("completes a command's flags", async () => {
    expect(await complete(['api-health', 'check', '--d'], makeDir())).toEqual(['--demo', '--duration']);
  });

  it('completes a flag that is on by default only as its --no- spelling', async () => {
    expect(await complete(['api-health', '--no-m'], makeDir())).toEqual(['--no-mouse']);
  });

  it('completes --team with the team ids of the config on the line', async () => {
    const dir = makeDir();
    writeFileSync(join(dir, 'fleet.yaml'), CONFIG);
    expect(await complete(['api-health', 'owners', '--config', 'fleet.yaml', '--team', ''], dir)).toEqual(['mwi', 'ctt', 'unassigned']);
  });

  it('completes the channel of notify test from ./api-health.yaml', async () => {
    const dir = makeDir();
    writeFileSync(join(dir, 'api-health.yaml'), CONFIG);
    expect(await complete(['api-health', 'notify', 'test', 'd'], dir)).toEqual(['desk']);
  });
});

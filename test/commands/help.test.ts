import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, DASHBOARD, flagName, typedFlag, type CommandSpec, type FlagSpec } from '../../source/commands/command-table.js';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { cliEnv, runBinary } from '../helpers/cli-binary.js';

const makeDir = useTempDir('api-health-help-');

/** An empty working directory and no config anywhere: help must need neither. */
async function inEmptyDir(argv: string[]): Promise<{ code: number; stdout: string; stderr: string; left: string[] }> {
  const dir = makeDir();
  const result = await runCommand(argv, { cwd: dir, env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg'), XDG_STATE_HOME: join(dir, 'state') } });
  return { ...result, left: readdirSync(dir) };
}

const shownDefault = (flag: FlagSpec): string => flag.default ?? flag.shownDefault ?? (flag.type === 'boolean' ? 'off' : 'none');
const flagLine = (help: string, flag: FlagSpec): string | undefined => help.split('\n').find((line) => line.trimStart().startsWith(`${typedFlag(flag)}${flag.short ? `, -${flag.short}` : ''} `));

describe.each(COMMANDS.map((command) => ({ name: command.name, command })))('api-health $name --help', ({ name, command }: { name: string; command: CommandSpec }) => {
  it('prints the usage, every flag of the command with its default, two examples and the exit codes, and runs nothing', async () => {
    const result = await inEmptyDir([name, '--help']);
    expect(result).toMatchObject({ code: 0, stderr: '', left: [] });
    expect(result.stdout.startsWith(`api-health ${name}: ${command.summary}\n\nUsage\n  $ api-health ${name}`)).toBe(true);
    for (const flag of command.flags) expect(flagLine(result.stdout, flag), flagName(flag.key)).toContain(`(default: ${shownDefault(flag)})`);
    expect(result.stdout.match(new RegExp(`^  \\$ api-health ${name}\\b`, 'gm'))).toHaveLength(3);
    expect(result.stdout).toContain('\nExit codes\n  0  ');
  });

  it('prints the same with -h and with help COMMAND', async () => {
    const long = await inEmptyDir([name, '--help']);
    expect(await inEmptyDir([name, '-h'])).toMatchObject({ code: 0, stdout: long.stdout });
    expect(await inEmptyDir(['help', name])).toMatchObject({ code: 0, stdout: long.stdout });
  });
});

describe('help that would have run the command', () => {
  it('check --help does not look for a config', async () => {
    expect((await inEmptyDir(['check', '--help'])).stdout).not.toContain('no config found');
  });

  it('schema --help does not print the schema', async () => {
    expect((await inEmptyDir(['schema', '--help'])).stdout).not.toContain('"$schema"');
  });

  it('init --help does not print a config', async () => {
    expect((await inEmptyDir(['init', '--help'])).stdout).not.toContain('apis:');
  });

  it('report --help does not run the report', async () => {
    expect((await inEmptyDir(['report', '--help'])).stdout).not.toContain('Alarms that fired');
  });

  it('a subcommand asks for the help of its command', async () => {
    const result = await inEmptyDir(['notify', 'test', 'desk', '--help']);
    expect(result).toMatchObject({ code: 0, left: [] });
    expect(result.stdout).toMatch(/^api-health notify: /);
  });

  it("lists only the command's own flags: check --help names no --out", async () => {
    expect((await inEmptyDir(['check', '--help'])).stdout).not.toMatch(/--out\b/);
  });
});

describe('api-health --help', () => {
  it('lists every command with its summary and the dashboard flags with their defaults', async () => {
    const result = await inEmptyDir(['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '', left: [] });
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command.name} +${command.summary.replace(/[()|.]/g, '\\$&')}$`, 'm'));
    for (const flag of DASHBOARD.flags) expect(flagLine(result.stdout, flag), flagName(flag.key)).toContain(`(default: ${shownDefault(flag)})`);
  });

  it('lists every exit code, 3 for a check without a verdict among them', async () => {
    const { stdout } = await inEmptyDir(['--help']);
    expect(stdout).toMatch(/^  0  /m);
    expect(stdout).toMatch(/^  1  check: alarms firing and not muted/m);
    expect(stdout).toMatch(/^  2  config or usage error$/m);
    expect(stdout).toMatch(/^  3  check: no verdict/m);
  });

  it('prints the same with -h and with help', async () => {
    const long = await inEmptyDir(['--help']);
    expect(await inEmptyDir(['-h'])).toMatchObject({ code: 0, stdout: long.stdout });
    expect(await inEmptyDir(['help'])).toMatchObject({ code: 0, stdout: long.stdout });
  });
});

describe('the built binary', () => {
  it('prints the version of the package with --version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await runBinary(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints the help of check in an empty directory without a config', async () => {
    const dir = makeDir();
    const result = await runBinary(['check', '--help'], { cwd: dir, env: cliEnv({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg') }) });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^api-health check: /);
    expect(readdirSync(dir)).toEqual([]);
  });
});

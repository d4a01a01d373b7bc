import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/cli-binary.js';
import { runCommand } from '../helpers/run-command.js';
import { useTempDir } from '../helpers/temp-dir.js';

const makeDir = useTempDir('api-health-usage-');

/** Runs where no config exists, so an error about the arguments cannot hide behind "no config found". */
const inEmptyDir = (argv: string[]) => {
  const dir = makeDir();
  return runCommand(argv, { cwd: dir, env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg') } });
};

describe('a mistyped command', () => {
  it('names the closest command and points to --help, in one line', async () => {
    expect(await inEmptyDir(['chek'])).toEqual({ code: 2, stdout: '', stderr: 'api-health: unknown command "chek"; did you mean `check`? (see api-health --help)\n' });
  });

  it('points to --help alone when no command is close', async () => {
    expect((await inEmptyDir(['frobnicate'])).stderr).toBe('api-health: unknown command "frobnicate" (see api-health --help)\n');
  });

  it('is caught by help COMMAND too', async () => {
    expect(await inEmptyDir(['help', 'monitr'])).toMatchObject({ code: 2, stderr: 'api-health: unknown command "monitr"; did you mean `monitor`? (see api-health --help)\n' });
  });
});

describe('flags are checked per command', () => {
  it('names the closest flag of the command', async () => {
    expect(await inEmptyDir(['check', '--jsno'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'api-health: unknown flag --jsno for check; did you mean `--json`? (see api-health check --help)\n',
    });
  });

  it('rejects a flag of another command, naming the command that takes it', async () => {
    expect(await inEmptyDir(['check', '--out', 'x'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'api-health: unknown flag --out for check: docs, export take it, check does not (see api-health check --help)\n',
    });
  });

  it('rejects a flag given as --name=value', async () => {
    expect((await inEmptyDir(['owners', '--duration=5s'])).stderr).toMatch(/^api-health: unknown flag --duration for owners: check, monitor take it/);
  });

  it('rejects an unknown short flag', async () => {
    expect((await inEmptyDir(['schema', '-x'])).stderr).toBe('api-health: unknown flag -x for schema (see api-health schema --help)\n');
  });

  it('rejects a dashboard flag the dashboard does not take', async () => {
    expect((await inEmptyDir(['--strict'])).stderr).toBe('api-health: unknown flag --strict for the dashboard: validate takes it, the dashboard does not (see api-health --help)\n');
  });

  it('accepts the negated form of a boolean flag of the command', async () => {
    expect(await inEmptyDir(['schema', '--no-help'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('rejects a string flag given without its value', async () => {
    expect((await inEmptyDir(['check', '--config'])).stderr).toBe('api-health: --config needs a value (FILE; see api-health check --help)\n');
  });

  it('rejects words after a command that takes none', async () => {
    expect((await inEmptyDir(['check', 'now'])).stderr).toBe('api-health: check takes no arguments, got "now" (see api-health check --help)\n');
  });

  it('quotes a typed flag without the escape sequences in it', async () => {
    expect((await inEmptyDir(['check', '--x\u001b[2J'])).stderr).toBe('api-health: unknown flag --x for check (see api-health check --help)\n');
  });
});

describe('a mistyped config key', () => {
  it('names the closest known key', async () => {
    const dir = makeDir();
    const file = join(dir, 'api-health.yaml');
    writeFileSync(file, 'apis:\n  a:\n    url: https://example.org/a\n    intervall: 5s\n');
    expect(await runCommand(['validate', '--config', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `api-health: config error:\n${file}:4:5: apis.a.intervall: unknown key "intervall"; did you mean \`interval\`?\n`,
    });
  });
});

describe('the built binary', () => {
  it('rejects a flag of another command in one line, without a stack trace', async () => {
    const dir = makeDir();
    const result = await runBinary(['check', '--out', 'x'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^api-health: unknown flag --out for check/);
  });
});

describe('the dashboard without a terminal', () => {
  it('says to use check or monitor, in one line', async () => {
    const result = await runCommand(['--demo']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'api-health: the dashboard needs a terminal; in a pipe or a script use `api-health check` for a report or `api-health monitor` to keep watching (see --help)\n',
    });
  });
});

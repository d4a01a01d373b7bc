import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/cli-binary.js';
import { runCommand } from '../helpers/run-command.js';
import { useConfigDir } from '../helpers/temp-dir.js';
import { SECRET, SECRET_ENV, secretFleetYaml } from '../helpers/secret-fleet.js';

const example = fileURLToPath(new URL('../../examples/wikimedia.yaml', import.meta.url));

describe('api-health validate', () => {
  const { write } = useConfigDir('api-health-validate-');

  it('passes examples/wikimedia.yaml with no environment variables set, warning only about the Unassigned API Portal', async () => {
    const result = await runCommand(['validate', '--config', example], { env: {} });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/wikimedia\.yaml:\d+:5: warning: apis\.api-portal-page\.owner: API "api-portal-page" has no owner: it shows as Unassigned\n/);
    expect(result.stdout).toContain('valid (13 APIs, 6 teams, 12 channels, 11 routes); 1 warning(s)');
  });

  it('prints each warning with file, line and column of its key, and exits 0', async () => {
    const file = write('defaults: { userAgent: "p/1 (a@example.org)" }\nchannels:\n  spare: { type: terminal }\napis: {}\n');
    const result = await runCommand(['validate', '--config', file]);
    expect(result.stdout).toBe(`${file}:3:3: warning: channels.spare: channel "spare" is not used by any team or route\n${file}: valid (0 APIs, 0 teams, 1 channels, 0 routes); 1 warning(s)\n`);
    expect(result.code).toBe(0);
  });

  it('exits 1 on warnings under --strict', async () => {
    const file = write('channels:\n  spare: { type: terminal }\napis: {}\n');
    expect((await runCommand(['validate', '--config', file, '--strict'])).code).toBe(1);
  });

  it('exits 0 under --strict when there is nothing to warn about', async () => {
    const file = write('apis: {}\n');
    const result = await runCommand(['validate', '--config', file, '--strict']);
    expect(result).toMatchObject({ code: 0, stdout: `${file}: valid (0 APIs, 0 teams, 0 channels, 0 routes); no warnings\n` });
  });

  it('exits 2 with located errors for an unknown team, an unknown channel and a write method', async () => {
    const file = write(`teams:
  a: { name: A, notify: [nope] }
apis:
  x: { owner: b, url: https://example.org/, method: POST }
`);
    const result = await runCommand(['validate', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:2:26: teams.a.notify[0]: unknown channel "nope" (known: none defined)`);
    expect(result.stderr).toContain(`${file}:4:8: apis.x.owner: unknown team "b" (known: a)`);
    expect(result.stderr).toContain(`${file}:4:45: apis.x.method: POST changes data on the target: probes must be safe, or set allowWrite: true`);
  });

  it('names a duplicate URL without the ${VAR} value in it', async () => {
    const result = await runCommand(['validate', '--config', write(secretFleetYaml())], { env: SECRET_ENV });
    expect(result.stdout).toContain('apis.twin.url: same URL as "keyed": https://api.example.org/v1/search?key=[redacted]');
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
  });

  it('exits 2 when a ${VARIABLE} is not set', async () => {
    const file = write('channels:\n  s: { type: slack, url: "${HOOK}" }\napis: {}\n');
    const result = await runCommand(['validate', '--config', file], { env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('environment variable HOOK is not set');
  });

  it.each([
    { kind: 'an unknown alias', text: 'teams: { t: { name: T } }\napis: *nope\n', error: ':2:7: YAML: unknown alias *nope (no anchor &nope before it)' },
    {
      kind: 'an alias bomb',
      text: `a: &a [${Array(9).fill('"lol"').join(', ')}]\n${'bcdefghij'
        .split('')
        .map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)
        .join('\n')}\napis: {}\n`,
      error: ':6:8: YAML: aliases copy more than 100000 values into the config here (an alias bomb?)',
    },
    { kind: 'a file over 4 MiB', text: `apis: {}\n${'#'.repeat(5 * 1024 * 1024)}\n`, error: ': the file is 5.0 MiB, more than the 4 MiB a config may be: is it the right file?' },
  ])('the built binary reports $kind as a config error: exit 2, one located line, no stack trace', async ({ text, error }) => {
    const file = write(text);
    const result = await runBinary(['validate', '--config', file]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `api-health: config error:\n${file}${error}\n` });
  });
});

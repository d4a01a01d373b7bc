import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from '../../source/config/load.js';
import { useTempDir } from '../helpers/temp-dir.js';

const API = 'apis:\n  a: { url: "https://example.org/a" }\n';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function errorsOf(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfigText(text, 'api-health.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a config error');
}

describe('shared: the team\'s engines', () => {
  const dir = useTempDir('api-health-shared-config-');

  it('reads both URLs, without a trailing slash, with the defaults for metrics, poll and the answer cap', () => {
    const config = parseConfigText(`shared:\n  alertmanager: http://am.example.org:9093/\n  prometheus: https://prom.example.org\n${API}`, 'c.yaml', {});
    expect(config.shared).toEqual({
      alertmanager: 'http://am.example.org:9093',
      prometheus: 'https://prom.example.org',
      headers: {},
      caFile: undefined,
      metrics: 'apihealth',
      pollMs: 15_000,
      maxAnswerBytes: 16 * 1024 * 1024,
    });
  });

  it('is undefined when the config has no shared section', () => {
    expect(parseConfigText(API, 'c.yaml', {}).shared).toBeUndefined();
  });

  it('takes headers with ${VAR} secrets, names lower case, the value kept as a secret', () => {
    const config = parseConfigText(`shared:\n  alertmanager: http://am:9093\n  headers: { Authorization: "Bearer \${AM_TOKEN}" }\n${API}`, 'c.yaml', { AM_TOKEN: 'am-s3cret' });
    expect(config.shared?.headers).toEqual({ authorization: 'Bearer am-s3cret' });
    expect(config.secrets).toContain('am-s3cret');
  });

  it('takes blackbox series and a poll interval', () => {
    const config = parseConfigText(`shared: { prometheus: http://prom:9090, metrics: blackbox, poll: 5s }\n${API}`, 'c.yaml', {});
    expect(config.shared).toMatchObject({ metrics: 'blackbox', pollMs: 5_000 });
  });

  it('takes a cap on the engines\' answers in bytes', () => {
    expect(parseConfigText(`shared: { alertmanager: http://am:9093, maxAnswerBytes: 1048576 }\n${API}`, 'c.yaml', {}).shared?.maxAnswerBytes).toBe(1_048_576);
  });

  it.each([
    ['100', 'Too small: expected number to be >=1024'],
    ['"8MiB"', 'expected number, got string "8MiB"'],
    ['2048.5', 'expected int'],
  ])('refuses maxAnswerBytes %s at its line', (value, message) => {
    const errors = errorsOf(`shared:\n  alertmanager: http://am:9093\n  maxAnswerBytes: ${value}\n${API}`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^api-health\.yaml:3:\d+: shared\.maxAnswerBytes: /);
    expect(errors[0]).toContain(message);
  });

  it('reads the CA file relative to the config file', () => {
    const base = dir();
    writeFileSync(join(base, 'team-ca.pem'), PEM);
    writeFileSync(join(base, 'api-health.yaml'), `shared: { alertmanager: https://am:9093, caFile: team-ca.pem }\n${API}`);
    expect(loadConfigFile(join(base, 'api-health.yaml'), {}).shared).toMatchObject({ caFile: 'team-ca.pem', ca: PEM });
  });

  it('names a CA file it cannot read', () => {
    const base = dir();
    writeFileSync(join(base, 'api-health.yaml'), `shared: { alertmanager: https://am:9093, caFile: missing.pem }\n${API}`);
    expect(() => loadConfigFile(join(base, 'api-health.yaml'), {})).toThrow(`api-health.yaml:1:42: shared.caFile: cannot read the CA file "missing.pem" (ENOENT)`);
  });

  it('refuses a CA file that holds no certificate', () => {
    const base = dir();
    writeFileSync(join(base, 'key.pem'), '-----BEGIN PRIVATE KEY-----\n');
    writeFileSync(join(base, 'api-health.yaml'), `shared: { alertmanager: https://am:9093, caFile: key.pem }\n${API}`);
    expect(() => loadConfigFile(join(base, 'api-health.yaml'), {})).toThrow('shared.caFile: "key.pem" holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)');
  });

  it('refuses a URL that is not http or https, naming the engine', () => {
    expect(errorsOf(`shared:\n  alertmanager: am.example.org:9093\n${API}`)).toEqual([
      'api-health.yaml:2:3: shared.alertmanager: invalid Alertmanager URL "am.example.org:9093" (expected http:// or https://)',
    ]);
  });

  it('refuses an unknown metrics kind, listing the known ones', () => {
    expect(errorsOf(`shared: { prometheus: http://prom:9090, metrics: snmp }\n${API}`)).toEqual([
      'api-health.yaml:1:41: shared.metrics: expected one of apihealth, blackbox, got string "snmp"',
    ]);
  });

  it('refuses a shared section that names no engine', () => {
    expect(errorsOf(`shared: { headers: { x: y } }\n${API}`)).toEqual([
      'api-health.yaml:1:1: shared: shared needs "alertmanager", "prometheus" or both: the URLs of the team\'s engines',
    ]);
  });

  it('suggests the key meant for a mistyped one', () => {
    expect(errorsOf(`shared: { alertmanger: http://am:9093 }\n${API}`)[0]).toContain('shared.alertmanger: unknown key "alertmanger"; did you mean `alertmanager`?');
  });
});

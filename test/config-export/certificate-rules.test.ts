import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { parse } from 'yaml';
import { runTool } from '../helpers/real-binaries.js';
import { runCommand } from '../helpers/run-command.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const CONFIG = `
teams:
  mwi: { name: MediaWiki Interfaces }
rules:
  - { name: CertificateExpiry, metric: certificate_days_left, below: 10, severity: critical }
  - { name: CertificateFresh, metric: certificate_days_left, above: 80d, severity: info }
apis:
  mw-rest-search: { owner: mwi, url: "https://en.wikipedia.org/w/rest.php/v1/search/page?q=earth&limit=1" }
`;

const integration = needsBinaries(['promtool']);
const dir = tempDir('api-health-cert-rules-');
const configFile = join(dir.path, 'api-health.yaml');

beforeAll(() => writeFileSync(configFile, CONFIG));
afterAll(() => dir.remove());

async function exportRules(flavour: string): Promise<{ rules: string; tests: string }> {
  const rules = join(dir.path, `${flavour}.rules.yml`);
  const tests = join(dir.path, `${flavour}.tests.yml`);
  const result = await runCommand(['export', 'prometheus-rules', '--config', configFile, '--metrics', flavour, '--output', rules, '--tests', tests], { cwd: dir.path });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return { rules, tests };
}

describe.each([
  ['apihealth', 'apihealth_tls_certificate_not_after_seconds'],
  ['blackbox', 'probe_ssl_earliest_cert_expiry'],
])('certificate rules exported over %s metrics', (flavour, series) => {
  integration.it(`reads the days left from ${series} and passes promtool check rules`, async () => {
    const { rules } = await exportRules(flavour);
    const file = parse(readFileSync(rules, 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const expiry = file.groups.flatMap((g) => g.rules).find((r) => r.alert === 'CertificateExpiry')!;
    expect(expiry.expr).toBe(`min((${series}{api="mw-rest-search"} - time()) / 86400) < 10`);
    const result = await runTool('promtool', ['check', 'rules', rules]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  integration.it('comes with promtool tests in which both certificate alerts fire', async () => {
    const { tests } = await exportRules(flavour);
    const file = parse(readFileSync(tests, 'utf8')) as { tests: { name: string }[] };
    expect(file.tests.map((t) => t.name).filter((name) => name.includes('Certificate'))).toEqual(['mw-rest-search/CertificateExpiry fires', 'mw-rest-search/CertificateFresh fires']);
    const result = await runTool('promtool', ['test', 'rules', tests]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.code).toBe(0);
  }, 30_000);
});

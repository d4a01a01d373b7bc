import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../../source/config/load.js';
import { teamLabel } from '../../source/core/labels.js';
import { runTool } from '../helpers/real-binaries.js';
import { runCommand } from '../helpers/run-command.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

interface Rule {
  alert: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

const integration = needsBinaries(['promtool']);
const example = fileURLToPath(new URL('../../examples/wikimedia.yaml', import.meta.url));
const exampleText = readFileSync(example, 'utf8');
const dir = tempDir('api-health-ops-alerts-');

async function exportLayout(name: string, extra: string[] = [], config = example): Promise<string> {
  const out = join(dir.path, name);
  const result = await runCommand(['export', 'prometheus-rules', '--config', config, '--layout', 'operations-alerts', '--out', out, ...extra], { cwd: dir.path });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return out;
}

const teamsOf = (out: string) => readdirSync(out).sort();
const files = (out: string) => teamsOf(out).flatMap((team) => readdirSync(join(out, team)).map((file) => join(out, team, file)));
const rulesOf = (file: string): Rule[] => (parse(readFileSync(file, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const everyAlert = (out: string) => teamsOf(out).flatMap((team) => rulesOf(join(out, team, 'api-health.yaml')).map((rule) => ({ team, rule })));

describe('export prometheus-rules --layout operations-alerts, checked as the operations/alerts CI checks it', () => {
  let out: string;
  beforeAll(async () => {
    out = await exportLayout('apihealth');
  });
  afterAll(() => dir.remove());

  it('writes one team-<team>/ folder per team of the example, each with the rule file and its test file', () => {
    const config = parseConfigText(exampleText, example, {});
    const teams = [...new Set(config.apis.map((api) => `team-${teamLabel(api.owner)}`))].sort();
    expect(teamsOf(out)).toEqual(teams);
    for (const team of teams) expect(readdirSync(join(out, team)).sort()).toEqual(['api-health.yaml', 'api-health_test.yaml']);
  });

  it('opens every file with the deploy-tag header, ops unless --deploy-tag says otherwise', async () => {
    for (const file of files(out)) expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# deploy-tag: ops');
    const tagged = await exportLayout('tagged', ['--deploy-tag', 'k8s']);
    for (const file of files(tagged)) expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# deploy-tag: k8s');
  });

  it('labels every alert with its folder\'s team and a severity operations/alerts knows', () => {
    for (const { team, rule } of everyAlert(out)) {
      expect(`team-${rule.labels.team}`, rule.alert).toBe(team);
      expect(['critical', 'warning', 'page', 'task'], rule.alert).toContain(rule.labels.severity);
    }
  });

  it('gives every alert a non-empty summary, description, dashboard and runbook', () => {
    for (const { rule } of everyAlert(out)) {
      for (const key of ['summary', 'description', 'dashboard', 'runbook']) expect(rule.annotations[key], `${rule.alert} ${key}`).toMatch(/\S/);
    }
  });

  it('puts #page in the summary exactly when the severity is page', () => {
    const alerts = everyAlert(out);
    expect(alerts.some(({ rule }) => rule.labels.severity === 'page')).toBe(true);
    for (const { rule } of alerts) expect(rule.annotations.summary!.includes('#page'), rule.alert).toBe(rule.labels.severity === 'page');
  });

  it('templates the summary with the API and the value', () => {
    const alerts = everyAlert(out).filter(({ rule }) => rule.labels.api !== undefined);
    expect(alerts.length).toBeGreaterThan(0);
    for (const { rule } of alerts) expect(rule.annotations.summary).toMatch(new RegExp(`\\(${rule.labels.api}, now .*\\{\\{ \\$value \\| humanize\\w* \\}\\}`));
  });

  it('takes the runbook and dashboard from the API, and from defaults.links where the API names none', () => {
    const alerts = everyAlert(out).map(({ rule }) => rule);
    const own = alerts.find((rule) => rule.labels.api === 'mw-rest-page' && rule.alert === 'SLOBurn1h5m')!;
    expect(own.annotations).toMatchObject({ runbook: 'https://example.org/runbooks/mediawiki-rest', dashboard: 'https://grafana.example.org/d/mediawiki-rest' });
    const fallback = alerts.find((rule) => rule.labels.api === 'action-api-siteinfo')!;
    expect(fallback.annotations.dashboard).toBe('https://grafana.wikimedia.org/d/api-health');
  });

  it('leaves a link out, never empty, when neither the API nor defaults.links has one, and says so in the header', async () => {
    const config = join(dir.path, 'no-links.yaml');
    writeFileSync(config, exampleText.replace(/^ {2}links:\n( {4}.*\n)+/m, ''));
    const bare = await exportLayout('no-links', [], config);
    const rules = join(bare, 'team-mwi', 'api-health.yaml');
    const deadman = rulesOf(rules).find((rule) => rule.alert === 'ApiHealthProbesAbsent')!;
    expect(Object.keys(deadman.annotations)).not.toContain('runbook');
    expect(Object.keys(deadman.annotations)).not.toContain('dashboard');
    expect(readFileSync(rules, 'utf8')).toContain('# ApiHealthProbesAbsent has no runbook: set defaults.links\n');
  });

  it('refuses a defaults.links entry that is not a URL', async () => {
    const config = join(dir.path, 'bad-links.yaml');
    writeFileSync(config, exampleText.replace('runbook: https://wikitech.wikimedia.org/wiki/API_Health', 'runbook: ""'));
    const result = await runCommand(['export', 'prometheus-rules', '--config', config, '--layout', 'operations-alerts', '--out', join(dir.path, 'bad')], { cwd: dir.path });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^api-health: /);
    expect(result.stderr).toContain('defaults.links.runbook: Invalid URL');
  });

  it.each([
    [['--layout', 'operations-alerts'], '--layout operations-alerts needs --out DIR'],
    [['--layout', 'operations-alerts', '--out', 'x', '--deploy-tag', 'ops\nk8s'], 'invalid --deploy-tag'],
    [['--deploy-tag', 'ops'], '--deploy-tag goes with --layout operations-alerts'],
    [['--layout', 'operations-alerts', '--out', 'x', '--output', 'rules.yml'], 'drop --output and --tests'],
  ])('refuses %j with a one-line usage error', async (flags, message) => {
    const result = await runCommand(['export', 'prometheus-rules', '--config', example, ...flags], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^api-health: /);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  describe.each(['apihealth', 'blackbox'])('over %s metrics, with promtool', (flavour) => {
    let layout: string;
    beforeAll(async () => {
      layout = flavour === 'apihealth' ? out : await exportLayout(flavour, ['--metrics', flavour]);
    });

    integration.it('passes promtool check rules on every team\'s rule file', async () => {
      for (const team of teamsOf(layout)) {
        const result = await runTool('promtool', ['check', 'rules', join(layout, team, 'api-health.yaml')]);
        expect(result.code, `${team}: ${result.stdout}${result.stderr}`).toBe(0);
      }
    });

    integration.it('passes promtool test rules on every team\'s test file, each in seconds, with every probed alert tested', async () => {
      for (const team of teamsOf(layout)) {
        const tests = join(layout, team, 'api-health_test.yaml');
        const text = readFileSync(tests, 'utf8');
        expect(text, team).not.toContain('# not tested');
        const names = new Set(rulesOf(join(layout, team, 'api-health.yaml')).map((rule) => rule.alert));
        expect((parse(text) as { tests: object[] }).tests, team).toHaveLength(names.size);
        const started = performance.now();
        const result = await runTool('promtool', ['test', 'rules', tests]);
        expect(result.code, `${team}: ${result.stdout}${result.stderr}`).toBe(0);
        // Minutes per file before tests were grouped by alert name; seconds now, with room for a loaded machine.
        expect(performance.now() - started, team).toBeLessThan(15_000);
      }
    }, 120_000);
  });
});

describe('export prometheus-rules --layout operations-alerts with a quorum across vantages', () => {
  const quorumDir = tempDir('api-health-ops-alerts-quorum-');
  let out: string;
  beforeAll(async () => {
    const config = join(quorumDir.path, 'api-health.yaml');
    writeFileSync(
      config,
      `defaults: { quorum: 2, links: { runbook: "https://wikitech.example.org/runbook", dashboard: "https://grafana.example.org/d/api" } }
teams:
  mwi: { name: MediaWiki Interfaces }
  content: { name: Content Transform }
rules:
  - { name: LowAvailability, metric: availability, below: 99%, severity: page }
apis:
  api-a: { name: Alpha API, owner: mwi, url: "https://a.example.org/" }
  api-b: { name: Bravo API, owner: content, url: "https://b.example.org/" }
`,
    );
    out = join(quorumDir.path, 'repo');
    const result = await runCommand(['export', 'prometheus-rules', '--config', config, '--layout', 'operations-alerts', '--out', out], { cwd: quorumDir.path });
    expect(result).toMatchObject({ code: 0, stderr: '' });
  });
  afterAll(() => quorumDir.remove());

  it("gives every team's file the vantage deadman, labelled with that team, as the folder's alerts must be", () => {
    for (const team of teamsOf(out)) {
      const deadman = rulesOf(join(out, team, 'api-health.yaml')).filter((rule) => rule.alert === 'ApiHealthVantageAbsent');
      expect(deadman.map((rule) => rule.labels), team).toEqual([{ severity: 'critical', scope: 'regional', team: team.replace(/^team-/, '') }]);
    }
  });

  integration.it("proves with promtool, in every team's test file, that the vantage deadman fires for the vantage that stopped and no other", async () => {
    for (const team of teamsOf(out)) {
      const tests = join(out, team, 'api-health_test.yaml');
      expect(readFileSync(tests, 'utf8'), team).toContain('ApiHealthVantageAbsent fires for a vantage that stops reporting');
      const result = await runTool('promtool', ['test', 'rules', tests]);
      expect(result.code, `${team}: ${result.stdout}${result.stderr}`).toBe(0);
    }
  });
});

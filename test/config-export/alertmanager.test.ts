import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../../source/config/load.js';

import { UNROUTED } from '../../source/config-export/alertmanager-config.js';
import { route } from '../../source/notify/routing.js';
import { runTool } from '../helpers/real-binaries.js';
import { runCommand } from '../helpers/run-command.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import { ROUTING_CONFIG, SECRETS } from './fixtures.js';
import type { Severity } from '../../source/core/rules.js';

const integration = needsBinaries(['amtool']);
const dir = tempDir('api-health-am-');
const configFile = join(dir.path, 'api-health.yaml');
const amFile = join(dir.path, 'alertmanager.yml');
let text = '';

describe('export alertmanager', () => {
  beforeAll(async () => {
    writeFileSync(configFile, ROUTING_CONFIG);
    const result = await runCommand(['export', 'alertmanager', '--config', configFile, '--output', amFile], { cwd: dir.path, env: { ...SECRETS } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    text = (await import('node:fs')).readFileSync(amFile, 'utf8');
  });
  afterAll(() => dir.remove());

  integration.it('passes amtool check-config', async () => {
    const result = await runTool('amtool', ['check-config', amFile]);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('never contains a secret, only placeholders naming them', () => {
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(text).toContain('routing_key: <ONCALL_ROUTING_KEY>');
    expect(text).toContain('auth_password: <MWI_MAIL_SMTP_PASS>');
    expect(text).toContain('api_url: https://<MWI_SLACK_URL>');
    expect(text).toContain('credentials: <CTT_HOOK_AUTHORIZATION>');
  });

  it('takes group_wait, group_interval and repeat_interval from notifications, grouping by team', () => {
    expect(parse(text).route).toMatchObject({ group_by: ['team'], group_wait: '45s', group_interval: '2m', repeat_interval: '3h' });
  });

  it('builds the tree team first, then severity, with the team\'s own channels as each team node\'s receiver', () => {
    const mwi = (parse(text).route.routes as { matchers: string[]; receiver: string; routes: { matchers: string[] }[] }[])[0]!;
    expect(mwi).toMatchObject({ matchers: ['team="mwi"'], receiver: 'mwi-slack+mwi-mail' });
    expect(mwi.routes[1]).toMatchObject({ matchers: ['severity=~"critical|warning"'], receiver: 'mwi-slack' });
  });

  it('says what it could not export (a Teams channel on Alertmanager 0.25)', () => {
    expect(text).toContain('# channel msteams (teams): Alertmanager 0.25 has no Microsoft Teams integration');
  });

  integration.it('routes every team, severity, family and api exactly as api-health does (amtool config routes test)', async () => {
    const config = parseConfigText(ROUTING_CONFIG, 'routing.yaml', SECRETS);
    const cases: { team: string | undefined; severity: Severity; family: string; apiId: string }[] = [];
    for (const team of ['mwi', 'ctt', 'quiet', undefined]) {
      for (const severity of ['info', 'warning', 'critical', 'page'] as const) {
        for (const [apiId, family] of [['mw-rest-page', 'MediaWiki REST'], ['orphan', 'Other']] as const) cases.push({ team, severity, family, apiId });
      }
    }
    const results = await Promise.all(
      cases.map(async (c) => {
        const labels = [`team=${c.team ?? 'unassigned'}`, `severity=${c.severity}`, `family=${c.family}`, `api=${c.apiId}`, 'alertname=X'];
        const result = await runTool('amtool', ['config', 'routes', 'test', `--config.file=${amFile}`, ...labels]);
        const receivers = result.stdout.trim().split(',').filter((r) => r !== UNROUTED);
        return { ...c, alertmanager: receivers.flatMap((r) => r.split('+')).sort() };
      }),
    );
    for (const r of results) {
      const ours = route(config, { team: r.team, severity: r.severity, apiId: r.apiId, family: r.family }).channels;
      expect(r).toEqual({ ...r, alertmanager: [...ours].sort() });
    }
    expect(results.length).toBe(32);
  }, 30_000);
});

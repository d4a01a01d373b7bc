import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../../source/config/load.js';

import { UNROUTED } from '../../source/config-export/alertmanager-config.js';
import { routeInAlertmanager } from '../../source/notify/routing.js';
import { definitionOf } from '../../source/notify/channels/registry.js';
import type { Config } from '../../source/config/types.js';
import { runTool } from '../helpers/real-binaries.js';
import { runCommand } from '../helpers/run-command.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';
import { AM_CHANNEL_CONFIG, ROUTING_CONFIG, SECRETS } from './fixtures.js';
import type { Severity } from '../../source/core/rules.js';

const SEVERITIES: Severity[] = ['info', 'warning', 'critical', 'page'];

const integration = needsBinaries(['amtool']);

interface Target {
  team: string | undefined;
  severity: Severity;
  family: string;
  apiId: string;
}

/** Every team (and none) with every severity and every API's family. */
function allTargets(teams: (string | undefined)[], apis: (readonly [string, string])[]): Target[] {
  return teams.flatMap((team) => SEVERITIES.flatMap((severity) => apis.map(([apiId, family]) => ({ team, severity, family, apiId }))));
}

/** Each API as it alerts: its owner's team label, every severity. */
function ownTargets(config: Config): Target[] {
  return config.apis.flatMap((api) => SEVERITIES.map((severity) => ({ team: api.owner, severity, family: api.family, apiId: api.id })));
}

/** What Alertmanager can deliver through: the channels it has an integration for. */
function exported(config: Config, channels: string[]): string[] {
  return channels.filter((id) => !('unsupported' in definitionOf(config.channels[id]!).alertmanager));
}

/**
 * Asks amtool where each target's alert goes under the exported file and expects what api-health's router says
 * Alertmanager delivers, receiver names split back into channels. A few amtool processes at a time: 2 busy cores.
 */
async function amtoolAgreement(config: Config, file: string, targets: Target[]): Promise<Target[]> {
  const pending = [...targets];
  const seen: { target: Target; alertmanager: string[] }[] = [];
  const worker = async (): Promise<void> => {
    for (let target = pending.shift(); target; target = pending.shift()) {
      const labels = [`team=${target.team ?? 'unassigned'}`, `severity=${target.severity}`, `family=${target.family}`, `api=${target.apiId}`, 'alertname=X'];
      const result = await runTool('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels]);
      const receivers = result.stdout.trim().split(',').filter((r) => r !== UNROUTED);
      seen.push({ target, alertmanager: receivers.flatMap((r) => r.split('+')).sort() });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  for (const { target, alertmanager } of seen) {
    const ours = exported(config, routeInAlertmanager(config, target).channels);
    expect({ ...target, alertmanager }).toEqual({ ...target, alertmanager: [...ours].sort() });
  }
  return seen.map((s) => s.target);
}

async function exportAlertmanager(configText: string, name: string): Promise<string> {
  const source = join(dir.path, `${name}.yaml`);
  const out = join(dir.path, `${name}.alertmanager.yml`);
  writeFileSync(source, configText);
  const result = await runCommand(['export', 'alertmanager', '--config', source, '--output', out], { cwd: dir.path, env: { ...SECRETS } });
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return out;
}
const dir = tempDir('api-health-am-');
const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const configFile = join(dir.path, 'api-health.yaml');
const amFile = join(dir.path, 'alertmanager.yml');
let text = '';
afterAll(() => dir.remove());

describe('export alertmanager', () => {
  beforeAll(async () => {
    writeFileSync(configFile, ROUTING_CONFIG);
    const result = await runCommand(['export', 'alertmanager', '--config', configFile, '--output', amFile], { cwd: dir.path, env: { ...SECRETS } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    text = readFileSync(amFile, 'utf8');
  });

  integration.it('passes amtool check-config', async () => {
    const result = await runTool('amtool', ['check-config', amFile]);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('never contains a secret, only placeholders naming them', () => {
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });

  it('names each placeholder after the ${VAR} the secret came from', () => {
    expect(text).toContain('routing_key: <PD_ROUTING_KEY>');
    expect(text).toContain('auth_password: <SMTP_PASS>');
    expect(text).toContain('api_url: https://<SLACK_MWI_WEBHOOK>');
    expect(text).toContain('credentials: <HOOK_TOKEN>');
  });

  it('names a receiver only after the channels it exports (not the Teams channel Alertmanager 0.25 cannot send to)', () => {
    const names = (parse(text).receivers as { name: string }[]).map((r) => r.name);
    expect(names).toContain('mwi-mail');
    expect(names.some((n) => n.includes('msteams'))).toBe(false);
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
    const results = await amtoolAgreement(parseConfigText(ROUTING_CONFIG, 'routing.yaml', SECRETS), amFile, allTargets(['mwi', 'ctt', 'quiet', undefined], [['mw-rest-page', 'MediaWiki REST'], ['orphan', 'Other']]));
    expect(results.length).toBe(32);
  }, 60_000);
});

describe('export alertmanager through an alertmanager channel', () => {

  integration.it('routes a critical alert handed to the alertmanager channel on to its team\'s receiver (issue 17, amtool --verify.receivers)', async () => {
    const file = await exportAlertmanager(AM_CHANNEL_CONFIG, 'am-channel');
    const result = await runTool('amtool', ['config', 'routes', 'test', `--config.file=${file}`, '--verify.receivers=search-hook', 'team=search', 'severity=critical', 'api=search', 'family=Search', 'alertname=High5xx']);
    expect(result.stdout.trim()).toBe('search-hook');
    expect(result.code).toBe(0);
  });

  integration.it('has no receiver for the alertmanager channel, and says why', async () => {
    const text = readFileSync(await exportAlertmanager(AM_CHANNEL_CONFIG, 'am-channel-receivers'), 'utf8');
    expect((parse(text).receivers as { name: string }[]).map((r) => r.name).sort()).toEqual(['mwi-slack', 'oncall', 'search-hook', UNROUTED]);
    expect(text).toContain('# channel am (alertmanager): this file configures that Alertmanager, not a receiver');
  });

  integration.it('agrees with api-health on every team, severity and API (amtool config routes test)', async () => {
    const file = await exportAlertmanager(AM_CHANNEL_CONFIG, 'am-channel-routes');
    const config = parseConfigText(AM_CHANNEL_CONFIG, 'am-channel.yaml', SECRETS);
    expect((await amtoolAgreement(config, file, allTargets(['search', 'mwi', undefined], [['search', 'Search'], ['page', 'MediaWiki REST']]))).length).toBe(24);
  }, 60_000);
});

describe.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')))('export alertmanager of examples/%s', (name) => {

  integration.it('passes amtool check-config and agrees with api-health on every API at every severity', async () => {
    const text = readFileSync(join(EXAMPLES, name), 'utf8');
    const file = await exportAlertmanager(text, `example-${name}`);
    const check = await runTool('amtool', ['check-config', file]);
    expect(check.code).toBe(0);
    const config = parseConfigText(text, name, SECRETS);
    expect((await amtoolAgreement(config, file, ownTargets(config))).length).toBe(config.apis.length * SEVERITIES.length);
  }, 120_000);
});

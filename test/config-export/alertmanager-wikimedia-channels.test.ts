import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runTool } from '../helpers/real-binaries.js';
import { runCommand } from '../helpers/run-command.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir } from '../helpers/temp-dir.js';

const integration = needsBinaries(['amtool']);
const SECRETS = { VO_KEY: 'vo-s3cret-rest-key-0123', PHAB_TOKEN: 'api-s3cretphabtoken0123456789', IRC_PASSWORD: 'irc-s3cret' };

const CONFIG = `
teams:
  mwi: { name: MediaWiki Interfaces }
apis:
  rest: { url: "https://en.wikipedia.org/w/rest.php/v1/page/Earth/bare", owner: mwi }
channels:
  ops-irc: { type: irc, server: irc.libera.chat, nick: apihealth, channels: ["#wikimedia-operations"], password: "\${IRC_PASSWORD}" }
  relayed-irc: { type: irc, server: irc.libera.chat, nick: apihealth2, channels: "#mediawiki-feed", relay: "http://irc-relay.example.org:8000/mediawiki-feed" }
  tasks: { type: phabricator, url: "https://phabricator.wikimedia.org", token: "\${PHAB_TOKEN}" }
  oncall: { type: splunk-oncall, apiKey: "\${VO_KEY}", routingKey: mwi-oncall }
routes:
  - { match: { severity: page }, notify: [oncall, ops-irc] }
  - { match: { severity: [critical, warning] }, notify: [ops-irc, relayed-irc] }
  - { match: { severity: info }, notify: [tasks] }
`;

const dir = tempDir('api-health-am-wm-');
const amFile = join(dir.path, 'alertmanager.yml');
let text = '';
afterAll(() => dir.remove());

interface Receiver {
  name: string;
  victorops_configs?: Record<string, unknown>[];
  webhook_configs?: Record<string, unknown>[];
}

describe('export alertmanager with the Wikimedia channels', () => {
  beforeAll(async () => {
    const file = join(dir.path, 'api-health.yaml');
    writeFileSync(file, CONFIG);
    const result = await runCommand(['export', 'alertmanager', '--config', file, '--output', amFile], { cwd: dir.path, env: { ...SECRETS } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    text = readFileSync(amFile, 'utf8');
  });

  /** A receiver is named after the channels it joins (oncall+ops-irc). */
  const receiver = (name: string): Receiver => (parse(text).receivers as Receiver[]).find((r) => r.name === name)!;

  integration.it('passes amtool check-config', async () => {
    const result = await runTool('amtool', ['check-config', amFile]);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it("maps Splunk On-Call to Alertmanager's victorops_configs, the key as a placeholder named after its variable", () => {
    expect(receiver('oncall+ops-irc').victorops_configs).toEqual([
      expect.objectContaining({ api_key: '<VO_KEY>', routing_key: 'mwi-oncall', monitoring_tool: 'api-health (via Alertmanager)', send_resolved: true }),
    ]);
    expect(receiver('oncall+ops-irc').victorops_configs![0]!.message_type).toContain('CRITICAL');
  });

  it('maps IRC to a webhook relay: the configured relay, or a placeholder for it with a note', () => {
    expect(receiver('ops-irc+relayed-irc').webhook_configs).toEqual([
      { url: 'https://<OPS_IRC_RELAY_URL>', send_resolved: true },
      { url: 'http://irc-relay.example.org:8000/mediawiki-feed', send_resolved: true },
    ]);
    expect(text).toContain('# channel ops-irc: Alertmanager has no IRC receiver; set https://<OPS_IRC_RELAY_URL> to a webhook relay');
  });

  it('says Phabricator has no Alertmanager receiver', () => {
    expect(text).toContain('# channel tasks (phabricator): Alertmanager has no Phabricator receiver');
  });

  it('never contains a secret', () => {
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  });
});

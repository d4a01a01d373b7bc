import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import { cliEnv, CliProcess, requireBuiltCli } from '../helpers/cli-binary.js';
import { ConduitStandIn } from '../helpers/conduit-stand-in.js';
import { IrcReader, startIrcServer, type IrcServer } from '../helpers/irc-server.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { freePort } from '../helpers/loopback-server.js';
import { SplunkOncallStandIn } from '../helpers/splunk-oncall-stand-in.js';
import { needsBinaries } from '../helpers/system-binaries.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';

/**
 * Issue 25 end to end: `monitor --json` (the built binary) probes a loopback API that fails, recovers and
 * fails again, and routes its alarm to a real IRC server (a second client reads the channel), a Conduit
 * stand-in and a Splunk On-Call stand-in; then the same across a kill -9 between queueing and sending.
 */

const integration = needsBinaries(['ngircd']);
const TOKEN = 'api-e2etoken0123456789abcdefghij';
const VO_KEY = 'e2e-0b1e5c3a-splunk-rest-key';
const SECRETS = { PHAB_TOKEN: TOKEN, VO_KEY };

function configYaml(apiUrl: string, ircPort: number, phabricatorUrl: string, splunkUrl: string): string {
  return [
    'defaults: { interval: 500ms, window: 3s, minSamples: 3 }',
    'teams:',
    '  mwi: { name: MediaWiki Interfaces }',
    'apis:',
    `  rest: { name: MediaWiki REST API, url: "${apiUrl}", owner: mwi }`,
    'rules:',
    '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 1s, severity: critical }',
    'channels:',
    `  irc: { type: irc, server: 127.0.0.1, port: ${ircPort}, tls: false, nick: apihealth, channels: "#wikimedia-alerts" }`,
    `  tasks: { type: phabricator, url: "${phabricatorUrl}", token: "\${PHAB_TOKEN}", projects: ["#mediawiki-rest-api"], closeOnResolve: true }`,
    `  oncall: { type: victorops, apiKey: "\${VO_KEY}", routingKey: mwi, url: "${splunkUrl}" }`,
    'routes:',
    '  - notify: [irc, tasks, oncall]',
    'notifications: { groupWait: 0s, groupInterval: 1s, repeat: 1h, resolved: true }',
    '',
  ].join('\n');
}

type Line = Record<string, unknown> & { type: string; record?: string; channel?: string; events?: { kind: string }[] };

const deliveries = (lines: Line[], channel: string, kind: string): number =>
  lines.filter((l) => l.type === 'notification' && l.record === 'delivered' && l.channel === channel && l.events!.some((e) => e.kind === kind)).length;

const queued = (lines: Line[], channel: string): boolean => lines.some((l) => l.type === 'notification' && l.record === 'queued' && l.channel === channel);

integration.describe('Wikimedia channels, end to end (built binary)', () => {
  let api: LoopbackApi;
  let irc: IrcServer | undefined;
  let reader: IrcReader;
  let conduit: ConduitStandIn;
  let splunk: SplunkOncallStandIn;
  let dir: TempDir;
  const runs: CliProcess[] = [];

  beforeEach(async () => {
    requireBuiltCli();
    api = new LoopbackApi(500);
    await api.listen();
    reader = new IrcReader();
    conduit = new ConduitStandIn(TOKEN);
    splunk = new SplunkOncallStandIn(VO_KEY);
    dir = tempDir('api-health-e2e-wikimedia-');
  });
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.stop('SIGKILL')));
    reader.close();
    await Promise.all([api.close(), irc?.stop(), conduit.close(), splunk.close()]);
    dir.remove();
  });

  function monitor(ircPort: number, phabricatorUrl: string, splunkUrl: string): CliProcess {
    const file = join(dir.path, 'api-health.yaml');
    writeFileSync(file, configYaml(api.url, ircPort, phabricatorUrl, splunkUrl));
    const run = new CliProcess(['monitor', '--config', file, '--state-dir', join(dir.path, 'state'), '--json'], { env: cliEnv(SECRETS) });
    runs.push(run);
    return run;
  }

  integration.it('posts the alarm to an IRC channel, opens one task and comments on re-fire, and pages CRITICAL then RECOVERY with one entity_id', async () => {
    irc = await startIrcServer();
    await reader.join(irc.port, '#wikimedia-alerts');
    const run = monitor(irc.port, await conduit.listen(), await splunk.listen());
    const lines = () => run.records() as Line[];

    await run.waitFor(() => ['irc', 'tasks', 'oncall'].every((c) => deliveries(lines(), c, 'firing') === 1), 'firing delivered on all three channels', 30_000);
    api.status = 200;
    await run.waitFor(() => ['irc', 'tasks', 'oncall'].every((c) => deliveries(lines(), c, 'resolved') === 1), 'resolved delivered on all three channels', 30_000);
    api.status = 500;
    await run.waitFor(() => deliveries(lines(), 'tasks', 'firing') === 2 && deliveries(lines(), 'oncall', 'firing') === 2, 're-fire delivered', 30_000);
    expect(await run.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    await expect.poll(() => reader.heard.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect(reader.heard.map((h) => [h.from, h.text])).toEqual([
      ['apihealth', expect.stringMatching(/^\[CRITICAL\] MediaWiki REST API High5xx firing: 5xx rate /)],
      ['apihealth', expect.stringMatching(/^\[CRITICAL\] MediaWiki REST API High5xx resolved: 5xx rate /)],
      ['apihealth', expect.stringMatching(/^\[CRITICAL\] MediaWiki REST API High5xx firing: 5xx rate /)],
    ]);
    expect(reader.joins).toEqual(['apihealth']);

    expect(conduit.tasks).toHaveLength(1);
    expect(conduit.tasks[0]).toMatchObject({ title: expect.stringContaining('MediaWiki REST API: High5xx'), priority: 'high', status: 'open', projects: ['#mediawiki-rest-api'] });
    expect(conduit.tasks[0]!.comments).toEqual([expect.stringContaining('High5xx resolved'), expect.stringContaining('High5xx firing')]);

    expect(splunk.alerts.map((a) => [a.routingKey, a.body.message_type])).toEqual([
      ['mwi', 'CRITICAL'],
      ['mwi', 'RECOVERY'],
      ['mwi', 'CRITICAL'],
    ]);
    expect(new Set(splunk.alerts.map((a) => a.body.entity_id))).toEqual(new Set(['api-health/rest/High5xx']));
    for (const secret of Object.values(SECRETS)) expect(run.stdout + run.stderr).not.toContain(secret);
  }, 120_000);

  integration.it('notify test posts one line to the IRC channel and exits, hanging up', async () => {
    irc = await startIrcServer();
    await reader.join(irc.port, '#wikimedia-alerts');
    const file = join(dir.path, 'api-health.yaml');
    writeFileSync(file, configYaml(api.url, irc.port, 'http://127.0.0.1:1', 'http://127.0.0.1:1'));
    const run = new CliProcess(['notify', 'test', 'irc', '--config', file], { env: cliEnv(SECRETS) });
    runs.push(run);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout).toBe('irc (irc): delivered\nanswer: posted 1 line to #wikimedia-alerts\n');
    await expect.poll(() => reader.heard.map((h) => h.text), { timeout: 10_000 }).toEqual([expect.stringMatching(/^\[INFO\] api-health NotificationTest test notification: /)]);
  }, 60_000);

  integration.it('delivers exactly once on each channel what was queued when the monitor was killed -9 before sending', async () => {
    const [ircPort, phabricatorPort, splunkPort] = [await freePort(), await freePort(), await freePort()];
    const phabricatorUrl = `http://127.0.0.1:${phabricatorPort}`;
    const splunkUrl = `http://127.0.0.1:${splunkPort}/integrations/generic/20131114/alert`;
    const first = monitor(ircPort, phabricatorUrl, splunkUrl);
    await first.waitFor(() => ['irc', 'tasks', 'oncall'].every((c) => queued(first.records() as Line[], c)), 'firing queued on all three channels', 30_000);
    expect(await first.stop('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });

    irc = await startIrcServer(ircPort);
    await reader.join(ircPort, '#wikimedia-alerts');
    await conduit.listen(phabricatorPort);
    await splunk.listen(splunkPort);
    const second = monitor(ircPort, phabricatorUrl, splunkUrl);
    const lines = () => second.records() as Line[];
    await second.waitFor(() => ['irc', 'tasks', 'oncall'].every((c) => deliveries(lines(), c, 'firing') === 1), 'the queued firing delivered after the restart', 40_000);
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    // The IRC server relays the line to the reader after the monitor has sent it: polled, as above.
    await expect.poll(() => reader.heard.map((h) => h.text), { timeout: 10_000 }).toEqual([expect.stringMatching(/^\[CRITICAL\] MediaWiki REST API High5xx firing: /)]);
    expect(conduit.tasks).toHaveLength(1);
    expect(conduit.calls.filter((c) => c.method === 'maniphest.edit')).toHaveLength(1);
    expect(splunk.alerts.map((a) => a.body.message_type)).toEqual(['CRITICAL']);
  }, 120_000);
});

import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliEnv, CliProcess, requireBuiltCli } from '../helpers/cli-binary.js';
import { LoopbackApi } from '../helpers/loopback-api.js';
import { freePort } from '../helpers/loopback-server.js';
import { Receiver } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * Issue 4 end to end: `monitor --json` (the built binary) probes a loopback API that fails and then
 * recovers, routes the alarms to real loopback receivers, and reports everything as NDJSON.
 */

const SECRET = 'e2e-secret-token-7f3a9c';

/** `search` (team mwi) goes to the webhook by route; `pages` (team web, no route) to its team's Slack. */
function configYaml(apiUrl: string, hookUrl: string, slackUrl: string, groupWait: string): string {
  return [
    'defaults: { interval: 500ms, window: 3s, minSamples: 3 }',
    'teams:',
    '  mwi: { name: MediaWiki Interfaces }',
    '  web: { name: Web Team, notify: [chat] }',
    'apis:',
    `  search: { name: Search API, url: "${apiUrl}?api=search", owner: mwi }`,
    `  pages: { name: Page API, url: "${apiUrl}?api=pages", owner: web }`,
    'rules:',
    '  - { name: High5xx, metric: error_rate_5xx, above: 20%, for: 1s, severity: critical }',
    'channels:',
    `  hook: { type: webhook, url: "${hookUrl}", headers: { Authorization: "Bearer \${T}" } }`,
    `  chat: { type: slack, url: "${slackUrl}" }`,
    'routes:',
    '  - match: { team: mwi }',
    '    notify: [hook]',
    `notifications: { groupWait: ${groupWait}, groupInterval: 1s, repeat: 1h, resolved: true }`,
    '',
  ].join('\n');
}

type Line = Record<string, unknown> & { type: string };

interface NotificationLine extends Line {
  record: string;
  channel: string;
  messageId: string;
  events: { kind: string; alarmId: string }[];
}

const notifications = (lines: Line[], channel: string): NotificationLine[] =>
  lines.filter((l): l is NotificationLine => l.type === 'notification' && l.channel === channel);

const delivered = (lines: Line[], channel: string, kind: string): NotificationLine[] =>
  notifications(lines, channel).filter((l) => l.record === 'delivered' && l.events.some((e) => e.kind === kind));

const alarmEvents = (lines: Line[], event: string): Line[] => lines.filter((l) => l.type === 'alarm' && l.event === event);

interface WebhookPayload {
  version: string;
  status: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string> }[];
}

// Monitor starts and waits of up to 20 s on a busy machine; the kill-and-restart tests (two starts) get 90 s.
describe('monitor --json (built binary)', { timeout: 60_000 }, () => {
  let api: LoopbackApi;
  let hook: Receiver;
  let slack: Receiver;
  let dir: { path: string; remove(): void };
  let monitor: CliProcess | undefined;

  beforeEach(async () => {
    requireBuiltCli();
    api = new LoopbackApi(500);
    await api.listen();
    hook = new Receiver();
    slack = new Receiver();
    await slack.listen();
    dir = tempDir('api-health-e2e-monitor-');
    monitor = undefined;
  });

  afterEach(async () => {
    await monitor?.stop('SIGKILL');
    await Promise.all([api.close(), hook.close(), slack.close()]);
    dir.remove();
  });

  function startMonitor(hookUrl: string, groupWait = '1s'): CliProcess {
    const configFile = join(dir.path, 'api-health.yaml');
    writeFileSync(configFile, configYaml(api.url, hookUrl, slack.url('/slack'), groupWait));
    monitor = new CliProcess(['monitor', '--config', configFile, '--state-dir', join(dir.path, 'state'), '--json'], { env: cliEnv({ T: SECRET }) });
    return monitor;
  }

  const lines = (): Line[] => monitor!.records() as Line[];

  /** Everything the monitor wrote to its state dir (outbox, notification log, event log, state). */
  const stateFiles = (): string[] => {
    const state = join(dir.path, 'state');
    return readdirSync(state).map((name) => readFileSync(join(state, name), 'utf8'));
  };

  it('reports alarms and deliveries as NDJSON, sends firing then resolved to the webhook and Slack, and exits 0 on SIGTERM', async () => {
    await hook.listen();
    const run = startMonitor(hook.url('/hook'));

    await run.waitFor(() => delivered(lines(), 'hook', 'firing').length > 0 && delivered(lines(), 'chat', 'firing').length > 0, 'firing delivered to both receivers');
    api.status = 200;
    await run.waitFor(() => delivered(lines(), 'hook', 'resolved').length > 0 && delivered(lines(), 'chat', 'resolved').length > 0, 'resolved delivered to both receivers', 20_000);
    expect(await run.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const all = lines();
    expect(all[0]).toMatchObject({ type: 'started', apis: 2, channels: 2 });
    expect(all.at(-1)).toMatchObject({ type: 'stopped', pendingNotifications: 0 });
    for (const apiId of ['search', 'pages']) {
      expect(alarmEvents(all, 'firing')).toContainEqual(expect.objectContaining({ api: apiId, rule: 'High5xx', severity: 'critical', state: 'firing' }));
      expect(alarmEvents(all, 'resolved')).toContainEqual(expect.objectContaining({ api: apiId, rule: 'High5xx', state: 'resolved' }));
    }
    const firstHookMessage = delivered(all, 'hook', 'firing')[0]!.messageId;
    expect(all.filter((l) => l.type === 'notification' && l.messageId === firstHookMessage).map((l) => l.record)).toEqual(['queued', 'attempt', 'delivered']);

    expect(hook.requests.map((r) => (r.json as WebhookPayload).status)).toEqual(['firing', 'resolved']);
    const firing = hook.requests[0]!;
    expect(firing.url).toBe('/hook');
    expect(firing.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(firing.json).toMatchObject({
      version: '4',
      status: 'firing',
      groupLabels: { team: 'mwi' },
      commonLabels: { alertname: 'High5xx', team: 'mwi', severity: 'critical', api: 'search' },
      alerts: [{ status: 'firing', labels: { alertname: 'High5xx', team: 'mwi', severity: 'critical', api: 'search' } }],
    });
    expect((hook.requests[1]!.json as WebhookPayload).alerts).toMatchObject([{ status: 'resolved', labels: { api: 'search' } }]);

    expect(slack.requests).toHaveLength(2);
    for (const request of slack.requests) {
      const payload = request.json as { text: string; blocks: { type: string }[] };
      expect(request.url).toBe('/slack');
      expect(payload.text).toContain('Page API');
      expect(payload.blocks[0]).toMatchObject({ type: 'header' });
      expect(payload.blocks.some((b) => b.type === 'section')).toBe(true);
    }
    expect(JSON.stringify(slack.requests[0]!.json)).toContain('Web Team');

    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('SIGTERM while a notification waits for its group flushes it to the receiver before exiting 0', async () => {
    await hook.listen();
    // A groupWait far longer than a busy machine can take to read the firing: the notification is surely still waiting.
    const run = startMonitor(hook.url('/hook'), '10s');
    await run.waitFor(() => alarmEvents(lines(), 'firing').some((l) => l.api === 'search'), 'the search alarm firing');
    expect(notifications(lines(), 'hook')).toEqual([]);
    expect(await run.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    expect(delivered(lines(), 'hook', 'firing')).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);
    expect(lines().at(-1)).toMatchObject({ type: 'stopped', pendingNotifications: 0 });
  });

  it('a receiver that is down and then comes up gets the notification exactly once, and no secret is printed', async () => {
    const hookPort = await freePort();
    const hookUrl = `http://127.0.0.1:${hookPort}/hook`;
    const run = startMonitor(hookUrl);
    await run.waitFor(() => notifications(lines(), 'hook').some((l) => l.record === 'retrying'), 'a failed attempt to be retried');
    await hook.listen(hookPort);
    await run.waitFor(() => delivered(lines(), 'hook', 'firing').length > 0, 'the delivery once the receiver is up', 20_000);
    // Long enough for a second delivery of the same message, if there were one.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await run.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const hookLines = notifications(lines(), 'hook');
    expect(delivered(lines(), 'hook', 'firing')).toHaveLength(1);
    expect(hook.requests.filter((r) => (r.json as WebhookPayload).status === 'firing')).toHaveLength(1);
    expect(new Set(hookLines.map((l) => l.messageId)).size).toBe(1);
    expect(hookLines.filter((l) => l.record === 'attempt').length).toBeGreaterThanOrEqual(2);
    for (const text of [run.stdout, run.stderr, ...stateFiles()]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(hookUrl);
    }
  });

  it('kill -9 with a notification pending in the outbox: the restarted monitor sends it once, and nothing twice', { timeout: 90_000 }, async () => {
    const hookPort = await freePort();
    const first = startMonitor(`http://127.0.0.1:${hookPort}/hook`);
    await first.waitFor(() => notifications(lines(), 'hook').some((l) => l.record === 'retrying'), 'a failed attempt to be retried');
    await first.waitFor(() => delivered(lines(), 'chat', 'firing').length > 0, 'Slack told about the pages alarm');
    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(hook.requests).toEqual([]);

    await hook.listen(hookPort);
    const second = startMonitor(`http://127.0.0.1:${hookPort}/hook`);
    await second.waitFor(() => delivered(lines(), 'hook', 'firing').length > 0, 'the replayed delivery', 20_000);
    // Long enough for a duplicate to show up, if the restart sent one.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    expect(hook.requests.map((r) => (r.json as WebhookPayload).status)).toEqual(['firing']);
    expect((hook.requests[0]!.json as WebhookPayload).commonLabels).toMatchObject({ alertname: 'High5xx', api: 'search' });
    expect(slack.requests).toHaveLength(1);
    expect(alarmEvents(lines(), 'firing')).toEqual([]);
  });

  it('kill -9 while the firing waits out groupWait: the restarted monitor delivers it once, without announcing it again', { timeout: 90_000 }, async () => {
    await hook.listen();
    // The two alarms fire up to a probe interval apart and a busy machine is slow to see both: a groupWait of 10 s
    // keeps "nothing delivered yet" true at the kill.
    const first = startMonitor(hook.url('/hook'), '10s');
    const fired = (id: string) => lines().some((l) => l.type === 'transition' && l.kind === 'firing' && l.alarmId === id);
    await first.waitFor(() => fired('search/High5xx') && fired('pages/High5xx'), 'both alarms firing');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await first.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect([hook.requests, slack.requests]).toEqual([[], []]);

    const second = startMonitor(hook.url('/hook'), '10s');
    await second.waitFor(() => delivered(lines(), 'hook', 'firing').length > 0 && delivered(lines(), 'chat', 'firing').length > 0, 'the held firings delivered', 30_000);
    // Long enough for a duplicate to show up, if the restart sent one.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    expect(hook.requests.map((r) => (r.json as WebhookPayload).status)).toEqual(['firing']);
    expect((hook.requests[0]!.json as WebhookPayload).commonLabels).toMatchObject({ alertname: 'High5xx', api: 'search' });
    expect(slack.requests).toHaveLength(1);
    expect(alarmEvents(lines(), 'firing')).toEqual([]);
  });

  it('an outbox record of the wrong shape is moved aside with one warning: the monitor starts, probes and delivers the good one', { timeout: 90_000 }, async () => {
    const hookPort = await freePort();
    const first = startMonitor(`http://127.0.0.1:${hookPort}/hook`);
    await first.waitFor(() => notifications(lines(), 'hook').some((l) => l.record === 'retrying'), 'a failed attempt to be retried');
    await first.stop('SIGKILL');
    const outbox = join(dir.path, 'state', 'outbox.jsonl');
    const poisoned = '{"op":"enqueue","message":{"id":"poison","channel":"hook","groupKey":"hook/mwi","createdAt":1,"items":[{}]}}';
    appendFileSync(outbox, `${poisoned}\n`);

    await hook.listen(hookPort);
    const second = startMonitor(`http://127.0.0.1:${hookPort}/hook`);
    await second.waitFor(() => delivered(lines(), 'hook', 'firing').length > 0, 'the good record delivered', 20_000);
    const probesSoFar = api.requests;
    await second.waitFor(() => api.requests > probesSoFar, 'probes after the restart');
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const warnings = lines().filter((l) => l.type === 'warning');
    expect(warnings).toEqual([expect.objectContaining({ message: expect.stringMatching(/^outbox .*outbox\.jsonl: 1 record unreadable \(line \d+\), moved to .*outbox\.jsonl\.corrupt-/) })]);
    const aside = readdirSync(join(dir.path, 'state')).filter((name) => name.startsWith('outbox.jsonl.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir.path, 'state', aside[0]!), 'utf8')).toBe(`${poisoned}\n`);
    expect(readFileSync(outbox, 'utf8')).not.toContain('poison');
    expect(monitor!.stderr).not.toContain('internal error');
  });

  it('a 20 MB outbox of binary junk: the first probe within seconds, one warning line, the junk kept aside', async () => {
    await hook.listen();
    mkdirSync(join(dir.path, 'state'));
    const junk = randomBytes(20 * 1024 * 1024);
    writeFileSync(join(dir.path, 'state', 'outbox.jsonl'), junk);
    const started = Date.now();
    const run = startMonitor(hook.url('/hook'));
    await run.waitFor(() => api.requests > 0, 'the first probe', 30_000);
    const firstProbeMs = Date.now() - started;
    expect(await run.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    // Far below reading the junk slowly, with room for a start on a busy machine.
    expect(firstProbeMs).toBeLessThan(20_000);
    const warnings = lines().filter((l) => l.type === 'warning');
    expect(warnings).toEqual([expect.objectContaining({ message: expect.stringMatching(/^outbox .*: \d+ records unreadable \(first on line 1\), moved to /) })]);
    const aside = readdirSync(join(dir.path, 'state')).find((name) => name.startsWith('outbox.jsonl.corrupt-'));
    expect(statSync(join(dir.path, 'state', aside!)).size).toBeGreaterThan(19 * 1024 * 1024);
  });
});

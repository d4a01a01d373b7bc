import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/core/alarm.js';
import { alarmMatchers, scopeMatchers } from '../../source/alertmanager/silence-model.js';
import { SilencesClient } from '../../source/alertmanager/silences.js';
import { freePort, listenOnLoopback } from '../helpers/loopback-server.js';
import { runTool, startAlertmanager, type RunningServer } from '../helpers/real-binaries.js';
import { needsBinaries } from '../helpers/system-binaries.js';

const alarm: Pick<Alarm, 'rule' | 'apiId' | 'team' | 'severity'> = { rule: 'HighLatency', apiId: 'mw-rest-page', team: 'mwi', severity: 'warning' };
const HOUR = 3_600_000;
const integration = needsBinaries(['prometheus-alertmanager', 'amtool']);

integration.describe('SilencesClient against a real Alertmanager', () => {
  let alertmanager: RunningServer;
  let client: SilencesClient;
  const dispatcher = new Agent();

  beforeAll(async () => {
    alertmanager = await startAlertmanager();
    client = new SilencesClient({ url: alertmanager.url, dispatcher });
  }, 30_000);
  afterAll(async () => {
    await alertmanager?.stop();
    await dispatcher.close();
  });

  it('creates a silence from an alarm\'s labels that Alertmanager holds as active, with who, why and until when', async () => {
    const endsAt = Date.now() + HOUR;
    const created = await client.create({ matchers: alarmMatchers(alarm), endsAt, createdBy: 'alice', comment: 'deploy in progress' });
    expect(created.ok).toBe(true);
    const id = (created as { value: string }).value;
    const listed = await client.listActive();
    expect(listed.ok && listed.value.find((s) => s.id === id)).toMatchObject({
      createdBy: 'alice',
      comment: 'deploy in progress',
      state: 'active',
      endsAt,
      matchers: expect.arrayContaining([{ name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true }, { name: 'team', value: 'mwi', isRegex: false, isEqual: true }]),
    });
  });

  it('is what amtool sees too: the whole team shares the mute', async () => {
    const created = await client.create({ matchers: scopeMatchers({ kind: 'team', team: 'ctt' }), endsAt: Date.now() + HOUR, createdBy: 'bob', comment: 'team offsite' });
    const id = (created as { value: string }).value;
    const result = await runTool('amtool', ['silence', 'query', '--alertmanager.url', alertmanager.url, '-o', 'json', 'team=ctt']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { id: string; createdBy: string }[]).map((s) => [s.id, s.createdBy])).toContainEqual([id, 'bob']);
  });

  it('expires a silence so it is no longer listed as active', async () => {
    const created = await client.create({ matchers: scopeMatchers({ kind: 'api', apiId: 'aqs' }), endsAt: Date.now() + HOUR, createdBy: 'alice', comment: 'x' });
    const id = (created as { value: string }).value;
    expect(await client.expire(id)).toEqual({ ok: true, value: undefined });
    const listed = await client.listActive();
    expect(listed.ok && listed.value.map((s) => s.id)).not.toContain(id);
  });

  it('lists only silences over our alarm labels, not other people\'s', async () => {
    await runTool('amtool', ['silence', 'add', '--alertmanager.url', alertmanager.url, '--comment', 'node maintenance', '--author', 'ops', 'instance=db1:9100']);
    const listed = await client.listActive();
    expect(listed.ok && listed.value.some((s) => s.matchers.some((m) => m.name === 'instance'))).toBe(false);
  });

  it('a refused silence is a value carrying Alertmanager\'s reason', async () => {
    const result = await client.create({ matchers: alarmMatchers(alarm), startsAt: Date.now(), endsAt: Date.now() - HOUR, createdBy: 'alice', comment: 'backwards' });
    expect(result.ok).toBe(false);
    expect((result as { message: string }).message).toMatch(/^alertmanager: POST \/api\/v2\/silences answered HTTP 400: .*end time/i);
  });

  it('expiring an unknown silence is a value, not an exception', async () => {
    const result = await client.expire('00000000-0000-0000-0000-000000000000');
    expect(result.ok).toBe(false);
    expect((result as { message: string }).message).toContain('silence not found');
  });

  it('an Alertmanager that is down is a value saying so', async () => {
    const down = new SilencesClient({ url: `http://127.0.0.1:${await freePort()}`, dispatcher });
    expect(await down.listActive()).toEqual({ ok: false, message: 'alertmanager: GET /api/v2/silences failed: connection refused' });
  });
});

describe('SilencesClient behind basic auth', () => {
  it('sends the user and password of the URL as basic auth, and never names the password in an error', async () => {
    const seen: (string | undefined)[] = [];
    const server = await listenOnLoopback((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized\n');
    });
    const dispatcher = new Agent();
    try {
      const client = new SilencesClient({ url: `http://ops:s%40cret@127.0.0.1:${server.port}/`, dispatcher });
      const result = await client.listActive();
      expect(seen).toEqual([`Basic ${Buffer.from('ops:s@cret').toString('base64')}`]);
      expect(result).toEqual({ ok: false, message: 'alertmanager: GET /api/v2/silences answered HTTP 401: unauthorized' });
    } finally {
      await dispatcher.close();
      await server.close();
    }
  });
});

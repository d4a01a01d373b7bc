import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../source/alerts/types.js';
import { alarmMatchers, scopeMatchers, silenceCovers, SilencesClient } from '../../source/alertmanager/silences.js';
import { freePort, requireBinary, runTool, startAlertmanager, type RunningServer } from '../support/real-binaries.js';

const alarm: Pick<Alarm, 'rule' | 'apiId' | 'team' | 'severity'> = { rule: 'HighLatency', apiId: 'mw-rest-page', team: 'mwi', severity: 'warning' };
const HOUR = 3_600_000;

describe('SilencesClient against a real Alertmanager', () => {
  let alertmanager: RunningServer;
  let client: SilencesClient;
  const dispatcher = new Agent();

  beforeAll(async () => {
    requireBinary('amtool', 'prometheus-alertmanager');
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

describe('matchers', () => {
  it.each([
    [{ kind: 'alarm', alarmId: 'mw-rest-page/HighLatency' }, [['api', 'mw-rest-page'], ['alertname', 'HighLatency']]],
    [{ kind: 'api', apiId: 'aqs' }, [['api', 'aqs']]],
    [{ kind: 'team', team: 'mwi' }, [['team', 'mwi']]],
    [{ kind: 'rule', rule: 'High5xx' }, [['alertname', 'High5xx']]],
  ] as const)('mute scope %j becomes equality matchers %j', (scope, expected) => {
    expect(scopeMatchers(scope).map((m) => [m.name, m.value])).toEqual(expected);
  });

  it('an unowned alarm is matched by team "unassigned", as exported alerts are labelled', () => {
    expect(alarmMatchers({ ...alarm, team: undefined })).toContainEqual({ name: 'team', value: 'unassigned', isRegex: false, isEqual: true });
  });

  it('decides coverage as Alertmanager does: every matcher must hold; regexes are anchored; isEqual false negates', () => {
    expect(silenceCovers({ matchers: scopeMatchers({ kind: 'team', team: 'mwi' }) }, alarm)).toBe(true);
    expect(silenceCovers({ matchers: scopeMatchers({ kind: 'team', team: 'ctt' }) }, alarm)).toBe(false);
    expect(silenceCovers({ matchers: [{ name: 'api', value: 'mw-rest', isRegex: true, isEqual: true }] }, alarm)).toBe(false);
    expect(silenceCovers({ matchers: [{ name: 'api', value: 'mw-rest.*', isRegex: true, isEqual: true }] }, alarm)).toBe(true);
    expect(silenceCovers({ matchers: [{ name: 'severity', value: 'page', isRegex: false, isEqual: false }] }, alarm)).toBe(true);
  });
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PHABRICATOR_TASKS_FILE } from '../../../source/notify/channels/phabricator-tasks.js';
import { createChannel } from '../../../source/notify/channels/registry.js';
import { testMessage } from '../../../source/notify/test-message.js';
import { BOT_PHID, ConduitStandIn } from '../../helpers/conduit-stand-in.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { tempDir, type TempDir } from '../../helpers/temp-dir.js';
import { alarm, config, event, message, T0 } from '../helpers.js';
import { conduitError } from './conduit.js';

const TOKEN = 'api-abcdefghijklmnopqrstuvwxyz01';

describe('phabricator channel', () => {
  let conduit: ConduitStandIn;
  let dir: TempDir;
  let url: string;
  beforeEach(async () => {
    conduit = new ConduitStandIn(TOKEN, () => T0);
    url = await conduit.listen();
    dir = tempDir();
  });
  afterEach(async () => {
    await conduit.close();
    dir.remove();
  });

  function cfg(extra = '') {
    return config(`channels:\n  tasks: { type: phabricator, url: "${url}", token: "\${PHAB}", projects: ["#mediawiki-rest-api", "#mw-interfaces-team"]${extra} }\n`, { PHAB: TOKEN });
  }

  function channel(c = cfg()) {
    return createChannel(c.channels.tasks!, { clock: new ManualClock(T0), stateDir: dir.path });
  }

  const resolved = alarm({ state: 'resolved', resolvedAt: T0 + 120_000 });

  it('opens one task for a firing alarm: title, description, priority for its severity, project tags, as Conduit form fields', async () => {
    const c = cfg();
    expect(await channel(c).send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: true, reason: 'opened T101' });
    expect(conduit.calls).toHaveLength(1);
    expect(conduit.calls[0]).toMatchObject({ method: 'maniphest.edit', output: 'json', idempotencyKey: 'm-1/0' });
    expect(conduit.tasks).toEqual([
      expect.objectContaining({
        id: 101,
        title: '[CRITICAL] Search API: High5xx — 5xx rate 4.1% above 2%',
        priority: 'high',
        status: 'open',
        projects: ['#mediawiki-rest-api', '#mw-interfaces-team'],
        comments: [],
      }),
    ]);
    expect(conduit.tasks[0]!.description).toContain('- SLA: triage due in 15m');
    expect(conduit.tasks[0]!.description).toContain('- Runbook: https://wikitech.example.org/Search');
  });

  it.each([
    ['page', 'unbreak'],
    ['critical', 'high'],
    ['warning', 'normal'],
    ['info', 'low'],
  ] as const)('gives a %s alarm the priority %s by default', async (severity, priority) => {
    const c = cfg();
    await channel(c).send(message(c, 'tasks', [event('firing', alarm({ severity }))]));
    expect(conduit.tasks[0]!.priority).toBe(priority);
  });

  it('takes the priority per severity from the config', async () => {
    const c = cfg(', priority: { critical: unbreak }');
    await channel(c).send(message(c, 'tasks', [event('firing')]));
    expect(conduit.tasks[0]!.priority).toBe('unbreak');
  });

  it('comments on the same task when the alarm fires again, and on resolve; closes it only when configured', async () => {
    const c = cfg();
    const notifier = channel(c);
    await notifier.send(message(c, 'tasks', [event('firing')]));
    await notifier.send({ ...message(c, 'tasks', [event('firing')]), id: 'm-2' });
    await notifier.send({ ...message(c, 'tasks', [event('resolved', resolved)]), id: 'm-3' });
    expect(conduit.tasks).toHaveLength(1);
    expect(conduit.tasks[0]!.comments).toEqual([expect.stringContaining('High5xx firing'), expect.stringContaining('High5xx resolved')]);
    expect(conduit.tasks[0]!.status).toBe('open');
    expect(conduit.calls.map((call) => call.params.objectIdentifier)).toEqual([undefined, 'PHID-TASK-1', 'PHID-TASK-1']);
  });

  it('closes the task on resolve and reopens it on a re-fire with closeOnResolve', async () => {
    const c = cfg(', closeOnResolve: true');
    const notifier = channel(c);
    await notifier.send(message(c, 'tasks', [event('firing')]));
    await notifier.send({ ...message(c, 'tasks', [event('resolved', resolved)]), id: 'm-2' });
    expect(conduit.tasks[0]!.status).toBe('resolved');
    await notifier.send({ ...message(c, 'tasks', [event('firing')]), id: 'm-3' });
    expect(conduit.tasks).toHaveLength(1);
    expect(conduit.tasks[0]!.status).toBe('open');
  });

  it('keeps the task in the state directory: after a restart a re-fire comments on the task opened before', async () => {
    const c = cfg();
    await channel(c).send(message(c, 'tasks', [event('firing')]));
    expect(await channel(c).send({ ...message(c, 'tasks', [event('firing')]), id: 'm-2' })).toMatchObject({ ok: true, reason: 'commented on T101' });
    expect(conduit.tasks).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{"search|x": {"id": 7', 'is not valid JSON'],
    ['of another shape', '{"x": {"id": "seven"}}', 'does not hold task records at x'],
  ])('moves a task file that is %s aside, byte for byte, and says so in the delivery', async (_, text, problem) => {
    const c = cfg();
    const file = join(dir.path, PHABRICATOR_TASKS_FILE);
    writeFileSync(file, text);
    const result = await channel(c).send(message(c, 'tasks', [event('firing')]));
    expect(result).toMatchObject({ ok: true, reason: expect.stringContaining(`opened T101; ${file} ${problem}`) });
    expect(result.reason).toContain('an alarm whose task it named opens a new one');
    const aside = readdirSync(dir.path).filter((name) => name.startsWith(`${PHABRICATOR_TASKS_FILE}.corrupt-`));
    expect(aside.map((name) => readFileSync(join(dir.path, name), 'utf8'))).toEqual([text]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ [`${url}|search/High5xx`]: { id: 101 } });
    expect((await channel(c).send({ ...message(c, 'tasks', [event('firing')]), id: 'm-2' })).reason).toBe('commented on T101');
  });

  it('opens one task per alarm', async () => {
    const c = cfg();
    const other = alarm({ apiId: 'other', id: 'other/High5xx', team: 'search' });
    await channel(c).send(message(c, 'tasks', [event('firing'), event('firing', other)]));
    expect(conduit.tasks.map((t) => t.title)).toEqual([expect.stringContaining('Search API'), expect.stringContaining('Other API')]);
  });

  it('on a retry, sends only the events of the message that did not reach their task', async () => {
    const c = cfg();
    const other = alarm({ apiId: 'other', id: 'other/High5xx', team: 'search' });
    const notifier = channel(c);
    const sent = message(c, 'tasks', [event('firing'), event('firing', other)]);
    await notifier.send(message(c, 'tasks', [event('firing')]));
    conduit.calls.length = 0;
    conduit.failNext({ status: 200, body: '{"result":{"object":{"id":101,"phid":"PHID-TASK-1"}},"error_code":null,"error_info":null}' }, { status: 503, body: 'upstream overloaded' });
    expect(await notifier.send({ ...sent, id: 'm-2' })).toMatchObject({ ok: false, retryable: true, status: 503 });
    expect(await notifier.send({ ...sent, id: 'm-2' })).toMatchObject({ ok: true });
    expect(conduit.calls.map((call) => `${call.method} ${call.idempotencyKey}`)).toEqual([
      'maniphest.edit m-2/0',
      'maniphest.edit m-2/1',
      'user.whoami undefined',
      'maniphest.search undefined',
      'maniphest.edit m-2/1',
    ]);
    expect(conduit.tasks).toHaveLength(2);
  });

  describe('when the answer to opening a task is lost', () => {
    it('finds the task on the retry instead of opening a second one', async () => {
      const c = cfg();
      const notifier = channel(c);
      conduit.loseAnswers(1);
      expect(await notifier.send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: false, retryable: true });
      expect(await notifier.send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: true, reason: 'T101, opened by an earlier attempt whose answer was lost' });
      expect(conduit.tasks).toHaveLength(1);
      expect(conduit.calls.map((call) => call.method)).toEqual(['maniphest.edit', 'user.whoami', 'maniphest.search']);
      expect(conduit.calls[2]!.params).toMatchObject({ constraints: { authorPHIDs: [BOT_PHID], createdStart: T0 / 1_000 - 300 }, order: 'newest', limit: 10 });
    });

    it('finds it after a restart too: the attempt is marked in the state directory before it is sent', async () => {
      const c = cfg();
      conduit.loseAnswers(1);
      await channel(c).send(message(c, 'tasks', [event('firing')]));
      expect(await channel(c).send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: true, reason: 'T101, opened by an earlier attempt whose answer was lost' });
      expect(await channel(c).send({ ...message(c, 'tasks', [event('resolved', resolved)]), id: 'm-2' })).toMatchObject({ ok: true, reason: 'commented on T101' });
      expect(conduit.tasks).toHaveLength(1);
    });

    it('opens the task when the search shows the lost attempt opened none', async () => {
      const c = cfg();
      const notifier = channel(c);
      conduit.failNext({ status: 502, body: 'bad gateway' });
      await notifier.send(message(c, 'tasks', [event('firing')]));
      expect(await notifier.send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: true, reason: 'opened T101' });
      expect(conduit.tasks).toHaveLength(1);
    });

    it('comments a later event of the alarm on the task found, and the lost message is not sent again', async () => {
      const c = cfg();
      const notifier = channel(c);
      conduit.loseAnswers(1);
      await notifier.send(message(c, 'tasks', [event('firing')]));
      expect(await notifier.send({ ...message(c, 'tasks', [event('resolved', resolved)]), id: 'm-2' })).toMatchObject({ ok: true, reason: 'commented on T101' });
      conduit.calls.length = 0;
      expect(await notifier.send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: true, reason: 'nothing to send' });
      expect(conduit.calls).toEqual([]);
      expect(conduit.tasks).toEqual([expect.objectContaining({ id: 101, comments: [expect.stringContaining('High5xx resolved')] })]);
    });

    it('pages through the tasks opened since, newest first, to find it', async () => {
      const c = cfg();
      const notifier = channel(c);
      conduit.loseAnswers(1);
      await notifier.send(message(c, 'tasks', [event('firing')]));
      const others = Array.from({ length: 25 }, (_, i) => event('firing', alarm({ apiId: `other-${i}`, id: `other-${i}/High5xx`, team: 'search' })));
      await notifier.send({ ...message(c, 'tasks', others), id: 'm-2' });
      conduit.calls.length = 0;
      expect(await notifier.send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: true, reason: 'T101, opened by an earlier attempt whose answer was lost' });
      expect(conduit.calls.filter((call) => call.method === 'maniphest.search').map((call) => call.params.after)).toEqual([undefined, '117', '107']);
      expect(conduit.tasks).toHaveLength(26);
    });

    it.each([
      ['a Conduit error', conduitError('ERR-CONDUIT-CORE', 'Unknown constraint.'), 'looking for the task an earlier attempt may have opened: Conduit ERR-CONDUIT-CORE: Unknown constraint.'],
      ['a result without a task list', '{"result":{"data":null},"error_code":null,"error_info":null}', 'looking for the task an earlier attempt may have opened: Conduit answered maniphest.search without a list of tasks'],
    ])('holds the alarm for a retry, opening nothing, when the search answers %s', async (_, body, reason) => {
      const c = cfg();
      const notifier = channel(c);
      conduit.loseAnswers(1);
      await notifier.send(message(c, 'tasks', [event('firing')]));
      conduit.failNext({ status: 200, body: '{"result":{"phid":"PHID-USER-bot"},"error_code":null,"error_info":null}' }, { status: 200, body });
      expect(await notifier.send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: false, reason });
      expect(conduit.tasks).toHaveLength(1);
    });
  });

  it.each([
    ['ERR-INVALID-AUTH', 'API token "x" has the wrong format.', false],
    ['ERR-CONDUIT-CORE', 'Validation errors: - Tasks must have a title.', false],
    ['ERR-CONDUIT-CALL', 'Conduit method "maniphest.edit" does not exist.', false],
    ['ERR-READONLY', 'This install is in read-only mode.', true],
  ])('reads the Conduit error %s from an HTTP 200 answer (retried: %s)', async (code, info, retryable) => {
    const c = cfg();
    conduit.failNext({ status: 200, body: conduitError(code, info) });
    expect(await channel(c).send(message(c, 'tasks', [event('firing')]))).toEqual({ ok: false, retryable, status: 200, reason: `Conduit ${code}: ${info}` });
  });

  it('fails a token the install refuses, with its words', async () => {
    const c = config(`channels:\n  tasks: { type: phabricator, url: "${url}", token: api-wrongtoken }\n`);
    const result = await channel(c).send(message(c, 'tasks', [event('firing')]));
    expect(result).toMatchObject({ ok: false, retryable: false, reason: expect.stringContaining('Conduit ERR-INVALID-AUTH') });
    expect(conduit.tasks).toEqual([]);
  });

  it('retries an HTTP 200 that is not a Conduit answer (a proxy page)', async () => {
    const c = cfg();
    conduit.failNext({ status: 200, body: '<html>maintenance</html>' });
    expect(await channel(c).send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: false, retryable: true, reason: 'HTTP 200: not a Conduit answer: <html>maintenance</html>' });
  });

  it.each(['null', '[]', '42'])('retries an HTTP 200 whose JSON is not an object (%s), without throwing', async (body) => {
    const c = cfg();
    conduit.failNext({ status: 200, body });
    expect(await channel(c).send(message(c, 'tasks', [event('firing')]))).toMatchObject({ ok: false, retryable: true, reason: `HTTP 200: not a Conduit answer: ${body}` });
  });

  it('checks the token with user.whoami for a test message, opening no task', async () => {
    const c = cfg();
    expect(await channel(c).send(testMessage('tasks', c, T0))).toMatchObject({ ok: true, reason: 'Conduit accepted the token (no task opened for a test)' });
    expect(conduit.calls.map((call) => call.method)).toEqual(['user.whoami']);
    expect(conduit.tasks).toEqual([]);
  });

  it('rejects a priority that is not a keyword, naming the key', () => {
    expect(() => cfg(', priority: { page: "Unbreak Now!" }')).toThrow(/priority.*Maniphest priority keyword/s);
  });
});

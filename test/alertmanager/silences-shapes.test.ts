import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SilencesClient } from '../../source/alertmanager/silences.js';
import { EngineStandIn } from '../helpers/engine-stand-in.js';

/** Issue 21, finding 3: Alertmanager answers of another shape are a failure saying what was wrong, never a TypeError. */
describe('SilencesClient reading answers of the wrong shape', () => {
  const engines = new EngineStandIn();
  const dispatcher = new Agent();
  let client: SilencesClient;

  beforeAll(async () => {
    client = new SilencesClient({ url: await engines.listen(), dispatcher, maxAnswerBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await engines.close();
    await dispatcher.close();
  });

  it.each([
    ['[null]', [null], '[0]: Invalid input: expected object, received null'],
    ['[{"id":"x"}]', [{ id: 'x' }], '[0].matchers: Invalid input: expected array, received undefined (and 5 more)'],
    ['{"silences":[]}', { silences: [] }, 'the answer: Invalid input: expected array, received object'],
  ])('listing silences answered with %s fails naming what is wrong', async (_, json, problem) => {
    engines.silences = { json };
    expect(await client.listActive()).toEqual({ ok: false, message: `alertmanager: GET /api/v2/silences answered an unexpected shape: ${problem}` });
  });

  it.each([
    ['[null]', [null]],
    ['[{"labels":null}]', [{ labels: null, startsAt: '2026-01-01T00:00:00Z' }]],
    ['{"alerts":[]}', { alerts: [] }],
  ])('listing alerts answered with %s fails naming what is wrong', async (_, json) => {
    engines.alerts = { json };
    const listed = await client.listAlerts();
    expect(listed.ok).toBe(false);
    expect(listed.ok ? '' : listed.message).toMatch(/^alertmanager: GET \/api\/v2\/alerts answered an unexpected shape: \S/);
  });

  it('does not read a list past its cap', async () => {
    engines.silences = { hugeBytes: 10 * 1024 * 1024 };
    expect(await client.listActive()).toEqual({ ok: false, message: 'alertmanager: GET /api/v2/silences failed: answer larger than 64 KiB (shared.maxAnswerBytes); not read' });
    expect(engines.bytesStreamed).toBeLessThan(5 * 1024 * 1024);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Alarm, Mute } from '../../source/core/alarm.js';
import { createFleetStore } from '../../source/state/store.js';
import { configFrom, MINUTE } from '../alerts/fixtures.js';
import { KEY, renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

const NOW = Date.parse('2026-01-01T12:00:01Z');
const START = NOW - 20 * MINUTE;
const NAMES = ['feed availability', 'media list', 'mobile html', 'page html', 'summary'];
const config = configFrom(`
teams:
  ctt: { name: Content Transform }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 10%, for: 1m, severity: critical }
apis:
${NAMES.map((n, i) => `  r${i}: { name: "Wikimedia REST - ${n}", owner: ctt, url: "http://127.0.0.1:1/${i}" }`).join('\n')}
`);

function alarm(apiId: string): Alarm {
  return {
    id: `${apiId}/High5xx`, apiId, team: 'ctt', rule: 'High5xx', metric: 'error_rate_5xx', severity: 'critical', state: 'firing', comparison: 'above',
    value: 0.25, threshold: 0.1, since: START, startedAt: START, firingAt: START, transitions: [], flapping: false, escalationLevel: 0, summary: '',
  };
}

const mute = (id: string, apiId: string, reason: string): Mute => ({ id, scope: { kind: 'api', apiId }, createdAt: START, until: NOW + 3_600_000, by: 'bob', reason });

async function open(view: 'alarms' | 'mutes') {
  const store = createFleetStore(config, { now: START });
  store.getState().actions.applyAlarms(config.apis.map((api) => ({ alarm: alarm(api.id) })), [mute('m1', 'r0', 'deploy'), mute('m2', 'r3', 'flaky upstream')]);
  store.getState().actions.openView(view);
  return { store, app: await renderApp(store, { columns: 80, rows: 24 }) };
}

describe('/ in the alarms view', () => {
  it('filters the alarms as you type; the cursor is on the first match; Esc clears the filter', async () => {
    const { store, app } = await open('alarms');
    await app.press('/');
    await app.type('mobile');
    const frame = await app.waitForFrame((f) => f.includes('Alarms (1)'), 'one alarm left');
    expect(frame).toContain('mobile html');
    expect(frame).not.toContain('page html');
    expect(store.getState().ui.selectedAlarm).toBe('r2/High5xx');
    await app.press(KEY.escape);
    await app.waitForFrame((f) => f.includes('Alarms (5)'), 'all five again');
  });

  it('says so when nothing matches', async () => {
    const { app } = await open('alarms');
    await app.press('/');
    await app.type('zzz');
    await app.waitForFrame((f) => f.includes('No alarm matches the filter'), 'the empty filtered list');
  });
});

describe('/ in the mutes view', () => {
  it('filters the mutes by scope, author or reason', async () => {
    const { app } = await open('mutes');
    await app.press('/');
    await app.type('flaky');
    const frame = await app.waitForFrame((f) => f.includes('Active mutes (1)'), 'one mute left');
    expect(frame).toContain('api r3');
    expect(frame).not.toContain('deploy');
  });
});

describe('a key of another view', () => {
  it('says where it works, for one key', async () => {
    const { app } = await open('alarms');
    await app.press('s');
    await app.waitForFrame((f) => f.split('\n').at(-1)!.includes('s (sort) works in the dashboard; Esc goes back'), 'the notice');
    await app.press('j');
    await app.waitForFrame((f) => !f.includes('works in the dashboard'), 'the notice gone');
  });
});

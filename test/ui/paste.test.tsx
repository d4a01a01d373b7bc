import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Mute } from '../../source/core/alarm.js';
import type { AlarmIntent } from '../../source/state/alarm-view.js';
import { createFleetStore } from '../../source/state/store.js';
import { configFrom, high5xxAlarm, MINUTE } from '../alerts/fixtures.js';
import { KEY, renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

const NOW = Date.parse('2026-01-01T12:00:01Z');
const START = NOW - 20 * MINUTE;
const config = configFrom(`
teams:
  ctt: { name: Content Transform }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 10%, for: 1m, severity: critical }
apis:
  feed: { name: "Wikimedia REST - feed availability", owner: ctt, url: "http://127.0.0.1:1/0" }
`);
const firing = high5xxAlarm('feed', 'ctt', START);
const mute: Mute = { id: 'm-1', scope: { kind: 'rule', rule: 'Other' }, createdAt: START, until: NOW + 3_600_000, by: 'bob', reason: 'deploy' };
const PASTED = 'checking dashboards\r\nuser impact low';

/** The feed's firing alarm selected in the alarms view, with the acknowledge dialog open. */
async function ackDialog() {
  const intents: AlarmIntent[] = [];
  const store = createFleetStore(config, { now: START, dispatch: (intent) => intents.push(intent) });
  store.getState().actions.applyAlarms([{ alarm: firing }], [mute]);
  store.getState().actions.openView('alarms');
  const app = await renderApp(store, { columns: 80, rows: 24 });
  await app.press('a');
  await app.waitForFrame((f) => f.includes('Acknowledge'), 'the acknowledge dialog');
  return { app, store, intents };
}

describe('pasted text', () => {
  it('goes into the dialog whole when the terminal marks it, its lines joined: no line of it runs as keys', async () => {
    const { app, store, intents } = await ackDialog();
    await app.press(`\u001b[200~${PASTED}\u001b[201~`);
    expect(store.getState().ui.prompt).toBeDefined();
    await app.press(KEY.enter);
    expect(intents).toEqual([expect.objectContaining({ type: 'acknowledge', alarmIds: ['feed/High5xx'], note: 'checking dashboards user impact low' })]);
    expect(store.getState().ui.prompt).toBeUndefined();
  });

  it('runs nothing on the list after the Enter that closed the dialog, when the terminal does not mark it', async () => {
    const { app, store, intents } = await ackDialog();
    await app.press(PASTED);
    // "checking dashboards" is the note; "user impact low" would have been u (unmute) and m (mute) on the list.
    expect(intents).toEqual([expect.objectContaining({ type: 'acknowledge', note: 'checking dashboards' })]);
    expect(store.getState().ui.prompt).toBeUndefined();
  });

  it('does nothing on the list, and says where it would go', async () => {
    const intents: AlarmIntent[] = [];
    const store = createFleetStore(config, { now: START, dispatch: (intent) => intents.push(intent) });
    store.getState().actions.applyAlarms([{ alarm: firing }], [mute]);
    const app = await renderApp(store, { columns: 80, rows: 24 });
    await app.press('\u001b[200~umq\u001b[201~');
    expect(intents).toEqual([]);
    expect(store.getState().ui.prompt).toBeUndefined();
    expect(app.quits()).toBe(0);
    expect(store.getState().ui.notice).toMatch(/paste types only into the filter/);
  });
});

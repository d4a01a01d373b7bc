import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Alarm } from '../../source/core/alarm.js';
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
  connection: { name: Connection Team }
rules:
  - { name: High5xx, metric: error_rate_5xx, above: 10%, for: 1m, severity: critical }
apis:
  feed: { name: "Wikimedia REST - feed availability", owner: ctt, url: "http://127.0.0.1:1/0" }
  html: { name: "Wikimedia REST - page html", owner: ctt, url: "http://127.0.0.1:1/1" }
  portal: { name: "API Portal - core search", url: "http://127.0.0.1:1/2" }
  campaigns: { name: "CampaignEvents - participant questions", owner: connection, url: "http://127.0.0.1:1/3" }
`);

const alarm = (apiId: string, team: string | undefined, state: Alarm['state'] = 'firing'): Alarm =>
  high5xxAlarm(apiId, team, START, state === 'firing' ? {} : { state, firingAt: undefined });

describe('the alarm detail acts on the alarm it opened on', () => {
  it('says the alarm is gone when it leaves the list, and the keys act on no other alarm', async () => {
    const intents: AlarmIntent[] = [];
    const store = createFleetStore(config, { now: START, dispatch: (intent) => intents.push(intent) });
    store.getState().actions.applyAlarms([{ alarm: alarm('feed', 'ctt') }, { alarm: alarm('html', 'ctt', 'pending') }], []);
    store.getState().actions.openView('alarms');
    const app = await renderApp(store, { columns: 80, rows: 24 });
    await app.press('j');
    await app.press(KEY.enter);
    await app.waitForFrame((f) => f.includes('page html'), "the page html alarm's detail");
    // Its pending episode clears: only the feed's alarm is left in the list.
    store.getState().actions.applyAlarms([{ alarm: alarm('feed', 'ctt') }], []);
    const frame = await app.waitForFrame((f) => f.includes('The alarm is gone'), 'the detail saying its alarm is gone');
    expect(frame).not.toContain('feed availability');
    await app.press('a');
    expect(store.getState().ui.prompt).toBeUndefined();
    await app.press('m');
    expect(store.getState().ui.prompt).toBeUndefined();
    expect(intents).toEqual([]);
  });

  it("opens from an API's detail on that API's alarm, even one the alarms view's filter would hide", async () => {
    const store = createFleetStore(config, { now: START });
    store.getState().actions.applyAlarms([{ alarm: alarm('portal', undefined) }, { alarm: alarm('campaigns', 'connection') }], []);
    const app = await renderApp(store, { columns: 80, rows: 24 });
    // "gn" matches the unowned portal API (Unassigned) and CampaignEvents on the dashboard.
    await app.press('/');
    await app.type('gn');
    await app.press(KEY.enter);
    store.getState().actions.selectApi('portal');
    await app.press(KEY.enter);
    await app.waitForFrame((f) => f.includes('core search'), "the portal API's detail");
    await app.press(KEY.enter);
    const frame = await app.waitForFrame((f) => f.includes('High5xx on'), 'the alarm detail');
    expect(frame).toContain('High5xx on API Portal - core search');
    expect(frame).not.toContain('CampaignEvents');
    await app.press('a');
    expect(store.getState().ui.prompt?.title).toMatch(/portal|core search/);
  });
});

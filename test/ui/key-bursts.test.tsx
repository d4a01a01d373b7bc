import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Alarm } from '../../source/core/alarm.js';
import { fleetStore } from '../helpers/fleet.js';
import { KEY, renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

/** Keys sent in one write reach the program as one chunk, as over SSH or with key repeat. */
describe('keys that arrive together', () => {
  it('jjj in one chunk moves three rows', async () => {
    const app = await renderApp(fleetStore());
    expect(app.selected()).toContain('MediaWiki REST - search');
    await app.press('jjj');
    expect(app.selected()).toContain('Wikimedia REST - page html');
  });

  it('arrows and letters in one chunk are each handled, in order', async () => {
    const app = await renderApp(fleetStore());
    await app.press(`jj${KEY.down}k${KEY.up}`);
    expect(app.selected()).toContain('Action API - query');
  });

  it('a burst of Backspaces empties the filter', async () => {
    const app = await renderApp(fleetStore());
    await app.press('/summ');
    await app.waitForFrame((f) => f.includes('/summ█'), 'the typed filter');
    await app.press(KEY.backspace.repeat(10));
    await app.waitForFrame((f) => f.includes('/█'), 'the emptied filter');
    expect(app.frame()).toContain('MediaWiki REST - page');
  });

  it('reopening / starts a new filter instead of appending to the old one', async () => {
    const app = await renderApp(fleetStore());
    await app.press(`/summ${KEY.enter}`);
    await app.press('/page');
    await app.waitForFrame((f) => f.includes('/page█'), 'the new filter');
    expect(app.frame()).toContain('Wikimedia REST - page html');
  });

  it('a duration typed in one chunk into the mute prompt is the whole duration', async () => {
    const store = fleetStore();
    const alarm: Alarm = {
      id: 'portal/R', apiId: 'portal', team: undefined, rule: 'R', metric: 'error_rate', severity: 'critical', state: 'firing', comparison: 'above',
      value: 1, threshold: 0.5, since: 0, startedAt: 0, firingAt: 0, transitions: [], flapping: false, escalationLevel: 0, summary: '',
    };
    store.getState().actions.applyAlarms([{ alarm }], []);
    store.getState().actions.selectApi('portal');
    const app = await renderApp(store);
    await app.press('m');
    await app.waitForFrame((f) => f.includes('this alarm'), 'the mute prompt');
    // Enter (scope); three steps right from 1h is "type…"; Enter, the duration, Enter.
    await app.press(`\r${KEY.right.repeat(3)}\r90m\r`);
    await app.waitForFrame((f) => f.includes('Reason'), 'the reason step');
    expect(store.getState().ui.prompt).toMatchObject({ kind: 'mute', step: 'reason', custom: '90m' });
  });
});

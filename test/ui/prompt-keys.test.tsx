import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { AlarmIntent } from '../../source/state/alarm-view.js';
import { createFleetStore } from '../../source/state/store.js';
import { FLEET, FLEET_METRICS } from '../helpers/fleet.js';
import { KEY, renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

function storeSending(intents: AlarmIntent[]) {
  const store = createFleetStore(FLEET, { now: Date.parse('2026-01-01T12:00:00Z'), dispatch: (intent) => intents.push(intent) });
  store.getState().actions.applyMetrics(FLEET_METRICS, { probesPerSecond: 1, totalProbes: 6, lastUpdate: undefined, startedAt: Date.parse('2026-01-01T11:59:00Z') });
  return store;
}

const footer = (app: Awaited<ReturnType<typeof renderApp>>): string => app.lines().at(-1)!;

describe('the mute dialog', () => {
  it('takes digits typed at the duration step as the start of a typed duration: m, Enter, "10m" in one burst is ten minutes', async () => {
    const intents: AlarmIntent[] = [];
    const app = await renderApp(storeSending(intents), { columns: 80, rows: 24 });
    app.stdin.write('m\r10m');
    await app.waitForFrame((f) => f.includes('10m█') && f.includes('in 10m'), 'the typed duration');
    await app.press(KEY.enter, KEY.enter);
    await app.waitForFrame((f) => !f.includes('Mute:'), 'the dialog closed');
    expect(intents).toEqual([expect.objectContaining({ type: 'mute', durationMs: 10 * 60_000 })]);
  });

  it.each([
    { keys: [] as string[], has: ['↑↓ choose', 'Enter next', 'Esc cancel'], hasNot: ['type', '⌫'] },
    { keys: [KEY.enter], has: ['↑↓ choose', 'type a duration', 'Enter next', 'Esc cancel'], hasNot: ['⌫'] },
    { keys: [KEY.enter, '9'], has: ['type a duration', '⌫ delete', 'Enter next'], hasNot: ['↑↓'] },
    { keys: [KEY.enter, KEY.enter], has: ['type a reason', '⌫ delete', 'Enter mute', 'Esc cancel'], hasNot: ['↑↓'] },
  ])('after $keys.length key(s) the footer names only that step\'s keys', async ({ keys, has, hasNot }) => {
    const app = await renderApp(storeSending([]), { columns: 80, rows: 24 });
    await app.press('m', ...keys);
    await app.waitForFrame((f) => f.includes('Mute:'), 'the mute dialog');
    for (const text of has) expect(footer(app)).toContain(text);
    for (const text of hasNot) expect(footer(app)).not.toContain(text);
  });
});

describe('the acknowledge dialog', () => {
  it('has one footer, with its own keys and no choices', async () => {
    const store = storeSending([]);
    store.setState((s) => ({ ui: { ...s.ui, prompt: { kind: 'ack', alarmIds: ['x'], startedAt: [0], title: 'Acknowledge Down on mw-search', note: '' } } }));
    const app = await renderApp(store, { columns: 80, rows: 24 });
    const frame = await app.waitForFrame((f) => f.includes('Note (optional)'), 'the ack dialog');
    for (const text of ['type a note', 'Enter acknowledge', 'Esc cancel']) expect(footer(app)).toContain(text);
    expect(frame).not.toContain('↑');
    expect(frame.split('Esc cancel')).toHaveLength(2);
  });
});

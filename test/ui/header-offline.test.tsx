import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { fleetStore } from '../helpers/fleet.js';
import { renderApp } from '../helpers/render-app.js';

afterEach(() => cleanup());

const since = new Date(2026, 11, 1, 14, 2, 37).getTime();

describe('the header while the prober is offline', () => {
  it('says since when the network is unreachable', async () => {
    const store = fleetStore();
    store.getState().actions.applyOffline(since);
    const app = await renderApp(store, { columns: 160 });
    expect(app.lines()[1]).toContain('PROBER OFFLINE: network unreachable since 14:02');
  });

  it('says nothing once the network is back', async () => {
    const store = fleetStore();
    store.getState().actions.applyOffline(since);
    store.getState().actions.applyOffline(undefined);
    const app = await renderApp(store, { columns: 160 });
    expect(app.lines().slice(0, 3).join('\n')).not.toContain('OFFLINE');
  });
});

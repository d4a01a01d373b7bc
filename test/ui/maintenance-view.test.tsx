import { afterEach, describe, expect, it } from 'vitest';
import { AlarmService } from '../../source/engine/alarm-service.js';
import { updateMaintenanceList } from '../../source/persistence/maintenance-file.js';
import { createFleetStore } from '../../source/state/store.js';
import { clockTime } from '../../source/ui/clock-time.js';
import { configFrom } from '../helpers/config.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { KEY, renderApp } from '../helpers/render-app.js';
import { useTempDir } from '../helpers/temp-dir.js';

/** The instant renderApp's clock reads. */
const NOW = Date.parse('2026-01-01T12:00:01Z');
const MINUTE = 60_000;

const config = configFrom({
  teams: { mwi: { name: 'MWI' } },
  apis: { page: { owner: 'mwi', family: 'MediaWiki REST', url: 'http://127.0.0.1:1/page' } },
  maintenance: [{ name: 'weekly train deploy', match: { family: 'MediaWiki REST' }, start: '2026-01-01T11:30:00Z', duration: '1h' }],
});

const stateDirs = useTempDir('maintenance-view-');
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** The store as the engine leaves it: the config's window in force, one started from the CLI for later. */
function storeFromEngine() {
  const stateDir = stateDirs();
  updateMaintenanceList(stateDir, NOW, (list) => ({
    list: { sequence: 1, windows: [...list.windows, { id: 'mw-1', name: 'db failover', match: { api: ['page'] }, start: NOW + 30 * MINUTE, durationMs: 20 * MINUTE, reason: 'primary swap', by: 'bob' }] },
    result: undefined,
  }));
  const clock = new ManualClock(NOW);
  const store = createFleetStore(config, { now: NOW });
  new AlarmService({ config, actions: store.getState().actions, clock, user: 'alice', stateDir, persist: false }).evaluate(NOW, {});
  return store;
}

describe('the maintenance view', () => {
  it('lists the window in force and the next one with what they cover, their local times and where they came from', async () => {
    const app = await renderApp(storeFromEngine());
    unmount = app.unmount;
    await app.press('W');
    const frame = await app.waitForFrame((f) => f.includes('Maintenance windows (2)'));
    const lines = frame.split('\n');
    const deploy = lines.find((l) => l.includes('weekly train deploy'))!;
    const failover = lines.find((l) => l.startsWith('db failover'))!;
    expect(deploy).toContain('family MediaWiki REST');
    expect(deploy).toContain(`${clockTime(Date.parse('2026-01-01T11:30:00Z'), false)}`);
    expect(deploy).toContain(`${clockTime(Date.parse('2026-01-01T12:30:00Z'), false)}`);
    expect(deploy).toMatch(/in force, 29m\d*s? left/);
    expect(deploy).toContain('config');
    expect(failover).toContain('api page');
    expect(failover).toContain('next, in 30m');
    expect(failover).toContain('CLI: primary swap');
    expect(lines.findIndex((l) => l.includes('weekly train deploy'))).toBeLessThan(lines.findIndex((l) => l.startsWith('db failover')));
  });

  it('goes back to the dashboard on Esc', async () => {
    const app = await renderApp(storeFromEngine());
    unmount = app.unmount;
    await app.press('W');
    await app.waitForFrame((f) => f.includes('Maintenance windows'));
    await app.press(KEY.escape);
    await app.waitForFrame((f) => !f.includes('Maintenance windows') && f.includes('page'));
  });

  it('says so when no window is in force or coming up', async () => {
    const app = await renderApp(createFleetStore(config, { now: NOW }));
    unmount = app.unmount;
    await app.press('W');
    const frame = await app.waitForFrame((f) => f.includes('No maintenance windows now or in the next 7 days.'));
    expect(frame).toContain('api-health maintenance start --family NAME --for 30m');
    expect(frame).toContain('maintenance: in the config');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { configFrom } from '../helpers/config.js';
import { fleetStore } from '../helpers/fleet.js';
import { KEY, renderApp } from '../helpers/render-app.js';
import { failing, summary } from '../helpers/summaries.js';
import { sparkline } from '../../source/ui/sparkline.js';

afterEach(() => cleanup());

const stats = { probesPerSecond: 0, totalProbes: 0, lastUpdate: 0, startedAt: 0 };

/** 60 APIs in three teams: more than a 20-row terminal shows. */
const BIG = configFrom({
  teams: { a: { name: 'Team A' }, b: { name: 'Team B' }, c: { name: 'Team C' } },
  apis: Object.fromEntries(
    Array.from({ length: 60 }, (_, i) => [`api-${String(i).padStart(2, '0')}`, { owner: ['a', 'b', 'c'][Math.floor(i / 20)], url: `http://127.0.0.1:9/${i}` }]),
  ),
});
const bigStore = () => fleetStore({ config: BIG, metrics: Object.fromEntries(BIG.apis.map((api) => [api.id, summary()])) });

describe('the list fits the screen and says so', () => {
  it('says which rows show and that more are below', async () => {
    const app = await renderApp(bigStore(), { rows: 20 });
    expect(app.lines()[2]).toMatch(/1–\d+ of 60 ↓$/);
  });

  it('says nothing about position when every row fits', async () => {
    const app = await renderApp(fleetStore());
    expect(app.lines()[2]).not.toMatch(/ of 6/);
  });

  it('moves a team with a newly failing API above the healthy teams', async () => {
    const store = bigStore();
    const app = await renderApp(store, { rows: 20 });
    expect(app.lines()[3]).toContain('▸ Team A');
    store.getState().actions.applyMetrics({ 'api-45': failing() }, stats);
    expect(store.getState().selectRows(store.getState()).apis.map((a) => a.id).slice(0, 2)).toEqual(['api-45', 'api-40']);
    // The selection stays on its API (api-00), so the list shows it; Home goes to the top.
    await app.press(KEY.home);
    await app.waitForFrame((f) => f.split('\n')[3]!.includes('▸ Team C (c)'), 'Team C first');
  });
});

describe('sparkline scale', () => {
  it('draws each row to its own scale, and with g to one scale for the screen, saying which in the heading', async () => {
    const store = fleetStore({ metrics: { 'mw-page': summary({ history: [30, 30, 30, 30] }), 'mw-search': summary({ history: [1100, 1100, 1100, 1100] }) } });
    const app = await renderApp(store, { columns: 140 });
    const row = (name: string): string => app.lines().find((l) => l.includes(name))!;
    expect(app.lines()[2]).toContain('24 probes, own scale');
    expect(row('MediaWiki REST - page')).toContain(sparkline([30, 30, 30, 30], 24).trim());
    await app.press('g');
    expect(app.lines()[2]).toContain('24 probes, 0-1100ms');
    expect(row('MediaWiki REST - page')).toContain('▁▁▁▁');
    expect(row('MediaWiki REST - search')).toContain('████');
  });
});

describe('the header at any width', () => {
  it.each([50, 40])('keeps the failing count and the alarm counts at %i columns', async (columns) => {
    const app = await renderApp(fleetStore(), { columns });
    const [first, second] = app.lines();
    expect(first).toContain('✘ 1 failing');
    expect(second).toContain('alarms: 0 firing');
    expect(second).toContain('0 SLA breaches');
    expect(first!.length).toBeLessThanOrEqual(columns);
  });
});

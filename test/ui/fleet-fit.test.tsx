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
  it('draws every row to one scale for the screen, and with g to each row\'s own, saying which in the heading', async () => {
    const store = fleetStore({ metrics: { 'mw-page': summary({ history: [30, 30, 30, 30] }), 'mw-search': summary({ history: [1100, 1100, 1100, 1100] }) } });
    const app = await renderApp(store, { columns: 140 });
    const row = (name: string): string => app.lines().find((l) => l.includes(name))!;
    expect(app.lines()[2]).toContain('15m, 0-1100ms');
    expect(row('MediaWiki REST - page')).toContain('▁▁▁▁');
    expect(row('MediaWiki REST - search')).toContain('████');
    await app.press('g');
    expect(app.lines()[2]).toContain('15m, own scale');
    expect(row('MediaWiki REST - page')).toContain(sparkline([30, 30, 30, 30], 24).trim());
  });
});

describe('sparklines over one span', () => {
  const MIN = 60_000;
  /** A probe every 30 s over the last 15 minutes before `now`, at `ms` each, with `spike` in the last 2.5 minutes. */
  const probes = (ms: number, spike: number) => {
    const historyAt = Array.from({ length: 30 }, (_, i) => NOW - 15 * MIN + (i + 1) * 30_000);
    return summary({ history: historyAt.map((at) => (at > NOW - 3 * MIN ? spike : ms)), historyAt });
  };
  const NOW = 1_800_000_000_000;

  it.each([80, 140, 200])('at %i columns draws the whole 15 minutes, one cell per equal slice, the spike in the last sixth', async (columns) => {
    const store = fleetStore({ metrics: { 'mw-page': probes(100, 1000), 'mw-search': probes(100, 100) } });
    store.getState().actions.applyMetrics({}, { ...stats, lastUpdate: NOW });
    const app = await renderApp(store, { columns });
    const row = (name: string): string => app.lines().find((l) => l.includes(name))!;
    const cells = columns >= 200 ? 30 : columns >= 140 ? 24 : 12;
    const spiked = cells / 6;
    // The screen's one scale: the healthy row stays low while the incident's sixth of the span is full height.
    // The first probe came 30 s into the span: at 30-second slices the first cell is rightly empty.
    const healthy = columns >= 200 ? ` ${'▂'.repeat(cells - 1)}` : '▂'.repeat(cells);
    expect(row('MediaWiki REST - page')).toContain(` ${healthy.slice(0, cells - spiked)}${'█'.repeat(spiked)} `);
    expect(row('MediaWiki REST - search')).toContain(` ${healthy} `);
    expect(app.lines()[2]).toMatch(columns >= 120 ? /15m, 0-1000ms/ : /15m ≤1000/);
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

import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { configFrom } from '../helpers/config.js';
import { FLEET_METRICS, fleetStore } from '../helpers/fleet.js';
import { KEY, renderApp } from '../helpers/render-app.js';
import { failing, summary } from '../helpers/summaries.js';

afterEach(() => cleanup());

const ESC = '\u001b';

/** 60 APIs in three teams, named so their order is obvious: for scrolling and paging. */
const BIG = configFrom({
  teams: { a: { name: 'Team A' }, b: { name: 'Team B' }, c: { name: 'Team C' } },
  apis: Object.fromEntries(
    Array.from({ length: 60 }, (_, i) => [`api-${String(i).padStart(2, '0')}`, { owner: ['a', 'b', 'c'][Math.floor(i / 20)], url: `http://127.0.0.1:9/${i}` }]),
  ),
});
const bigStore = () => fleetStore({ config: BIG, metrics: Object.fromEntries(BIG.apis.map((api) => [api.id, summary()])) });

describe('dashboard', () => {
  it('groups APIs under team headers, the group with the worst API first when sorted by health', async () => {
    const app = await renderApp(fleetStore());
    const frame = app.frame();
    const unassigned = frame.indexOf('▸ Unassigned: no owning team');
    const mwi = frame.indexOf('▸ MediaWiki Interfaces (mwi) · #mediawiki-interfaces · 3 APIs, 1 failing, 1 degraded');
    const ctt = frame.indexOf('▸ Content Transform Team (ctt) · ctt@example.org · 2 APIs, 1 degraded');
    expect(mwi).toBeGreaterThanOrEqual(0);
    expect(ctt).toBeGreaterThan(mwi);
    expect(unassigned).toBeGreaterThan(ctt);
    for (const name of ['API Portal - core page', 'MediaWiki REST - search', 'Action API - query', 'Wikimedia REST - summary']) {
      expect(frame).toContain(name);
    }
  });

  it('shows the fleet counts in the header', async () => {
    const app = await renderApp(fleetStore());
    const header = app.lines().slice(0, 2).join('\n');
    for (const part of ['api-health', '6 APIs', '● 3 healthy', '▲ 2 degraded', '✘ 1 failing', '1 API unowned', '2.5 probes/s']) {
      expect(header).toContain(part);
    }
  });

  it('says in the header what share of due probes was skipped and which setting to raise', async () => {
    const store = fleetStore();
    const { stats } = store.getState();
    store.getState().actions.applyMetrics({}, { ...stats, load: { windowMs: 60_000, due: 12_000, skipped: 6_840, late: 5_000, skippedBy: 'concurrency', lateBy: 'concurrency' } });
    const app = await renderApp(store, { columns: 160 });
    expect(app.lines()[0]).toContain('2.5 probes/s  ⚠ 57% probes skipped: raise defaults.concurrency (64)');
  });

  it('says nothing about skipped probes while the scheduler keeps up', async () => {
    const store = fleetStore();
    const { stats } = store.getState();
    store.getState().actions.applyMetrics({}, { ...stats, load: { windowMs: 60_000, due: 12_000, skipped: 0, late: 0, skippedBy: undefined, lateBy: undefined } });
    const app = await renderApp(store, { columns: 160 });
    expect(app.lines().slice(0, 2).join('\n')).not.toContain('⚠');
  });

  it('shows each row with its status glyph', async () => {
    const app = await renderApp(fleetStore());
    const row = (name: string) => app.lines().find((line) => line.includes(name))!;
    expect(row('MediaWiki REST - search')).toMatch(/^.✘ /);
    expect(row('Action API - query')).toMatch(/^.▲ /);
    expect(row('Wikimedia REST - summary')).toMatch(/^.● /);
  });

  it('highlights the Unassigned group in its own colour', async () => {
    const app = await renderApp(fleetStore(), { colour: true });
    const line = app.lines().find((l) => l.includes('Unassigned: no owning team'))!;
    expect(line).toContain(`${ESC}[38;2;255;135;255m`);
  });

  it('filters live as you type, keeps the filter on Enter, clears it on Esc', async () => {
    const app = await renderApp(fleetStore());
    await app.press('/');
    await app.type('summ');
    await app.waitForFrame((f) => !f.includes('MediaWiki REST - page'), 'the live filter');
    expect(app.frame()).toContain('Wikimedia REST - summary');
    expect(app.lines().at(-1)).toContain('/summ');

    await app.press(KEY.enter);
    expect(app.frame()).not.toContain('MediaWiki REST - page');
    expect(app.lines()[1]).toContain('filter: summ');
    expect(app.lines().at(-1)).not.toContain('/summ');

    await app.press(KEY.escape);
    await app.waitForFrame((f) => f.includes('MediaWiki REST - page'), 'the filter cleared');
    expect(app.lines()[1]).not.toContain('filter:');
  });

  it('drops the draft when Esc is pressed while typing, and edits it with backspace', async () => {
    const app = await renderApp(fleetStore());
    await app.press('/');
    await app.type('searx');
    await app.press(KEY.backspace);
    await app.type('ch');
    await app.waitForFrame((f) => f.includes('/search'), 'the edited draft');
    expect(app.frame()).not.toContain('Wikimedia REST - summary');
    await app.press(KEY.escape);
    await app.waitForFrame((f) => f.includes('Wikimedia REST - summary'), 'all rows back');
  });

  it('says so when nothing matches the filter', async () => {
    const app = await renderApp(fleetStore());
    await app.press('/');
    await app.type('zzz');
    await app.waitForFrame((f) => f.includes('No API matches the filter'), 'the empty message');
  });

  it('picks a team with t', async () => {
    const app = await renderApp(fleetStore());
    await app.press('t');
    await app.waitForFrame((f) => f.includes('Show which team?'), 'the team picker');
    expect(app.frame()).toContain('Content Transform Team (ctt)');
    await app.press('j', 'j', KEY.enter);
    await app.waitForFrame((f) => f.includes('team: ctt'), 'the team shown');
    expect(app.frame()).toContain('▸ Content Transform Team (ctt)');
    expect(app.frame()).not.toContain('MediaWiki REST - page');
    expect(app.frame()).not.toContain('Unassigned: no owning team');
  });

  it('opens the detail pane with URL, owner, contacts, percentiles, phases, status codes and recent errors', async () => {
    const at = new Date(2026, 0, 1, 11, 58, 7).getTime();
    const store = fleetStore({
      metrics: {
        ...FLEET_METRICS,
        'mw-search': failing({
          latency: { p50: 60, p95: 300, p99: 400 },
          phases: { connectMs: 3.25, ttfbMs: 55, totalMs: 60 },
          recentErrors: [{ at, outcome: 'http_5xx', status: 503, message: 'HTTP 503' }],
        }),
      },
    });
    const app = await renderApp(store);
    await app.press('/');
    await app.type('search');
    await app.press(KEY.enter, KEY.enter);
    const frame = await app.waitForFrame((f) => f.includes('Recent errors'), 'the detail pane');
    expect(frame).toContain('GET https://en.wikipedia.org/w/rest.php/v1/search/title?q=Earth');
    expect(frame).toContain('MediaWiki Interfaces (mwi)');
    expect(frame).toContain('email: mwi@example.org');
    expect(frame).toContain('slack: #mediawiki-interfaces');
    expect(frame).toContain('p50 60 ms   p95 300 ms   p99 400 ms');
    expect(frame).toContain('connect 3.3 ms');
    expect(frame).toContain('first byte 55 ms');
    expect(frame).toContain('200: 5   503: 5');
    expect(frame).toMatch(/11:58:07 +5xx +HTTP 503/);
    await app.press(KEY.escape);
    await app.waitForFrame((f) => !f.includes('Recent errors'), 'back to the list');
  });

  it('says who to ask when the API has no owner', async () => {
    const store = fleetStore();
    store.getState().actions.selectApi('portal');
    const app = await renderApp(store);
    await app.press(KEY.enter);
    await app.waitForFrame((f) => f.includes('Unassigned: nobody owns this API'), 'the unassigned detail');
  });

  it('strips escape sequences from remote text in the detail pane', async () => {
    const store = fleetStore({
      metrics: {
        portal: failing({
          recentErrors: [{ at: Date.now(), outcome: 'expectation_failed', message: `got ${ESC}]0;pwned\u0007${ESC}[2J${ESC}[31mEVIL${ESC}[0m\nbody` }],
        }),
      },
    });
    const app = await renderApp(store);
    await app.press(KEY.enter);
    const frame = await app.waitForFrame((f) => f.includes('EVIL'), 'the error message');
    expect(frame).toContain('got EVIL body');
    expect(frame).not.toContain(ESC);
    expect(frame).not.toContain('pwned');
  });

  it('shows help on ? and goes back on ? again', async () => {
    const app = await renderApp(fleetStore());
    await app.press('?');
    const frame = await app.waitForFrame((f) => f.includes('Legend'), 'help');
    expect(frame).toContain('Keys');
    await app.press(KEY.end);
    await app.waitForFrame((f) => f.includes('delete the last character (in a dialog)'), 'the end of the help');
    await app.press('?');
    await app.waitForFrame((f) => f.includes('▸ MediaWiki Interfaces'), 'the list again');
  });

  it('moves the selection with arrows and j/k', async () => {
    const app = await renderApp(fleetStore());
    expect(app.selected()).toContain('MediaWiki REST - search');
    await app.press(KEY.down);
    expect(app.selected()).toContain('Action API - query');
    await app.press('j');
    expect(app.selected()).toContain('MediaWiki REST - page');
    await app.press('k', KEY.up, KEY.up);
    expect(app.selected()).toContain('MediaWiki REST - search');
  });

  it('pages with PgDn/PgUp and jumps with Home/End, scrolling the list', async () => {
    const app = await renderApp(bigStore(), { rows: 20 });
    expect(app.selected()).toContain('api-00');
    await app.press(KEY.pageDown);
    const paged = app.selected()!;
    expect(paged).toMatch(/api-1[0-9]/);
    await app.press(KEY.end);
    expect(app.selected()).toContain('api-59');
    expect(app.frame()).not.toContain('api-00');
    await app.press(KEY.pageUp);
    expect(app.selected()).not.toContain('api-59');
    await app.press(KEY.home);
    expect(app.selected()).toContain('api-00');
    expect(app.frame()).toContain('▸ Team A');
  });

  it('cycles the sort with s', async () => {
    const app = await renderApp(fleetStore());
    const order = () => app.lines().filter((l) => /MediaWiki REST - |Action API/.test(l)).map((l) => l.slice(3).split(/\s{2,}/)[0]);
    expect(order()).toEqual(['MediaWiki REST - search', 'Action API - query', 'MediaWiki REST - page']);
    await app.press('s');
    expect(app.lines()[1]).toContain('sort: latency');
    expect(order()).toEqual(['Action API - query', 'MediaWiki REST - search', 'MediaWiki REST - page']);
    await app.press('s', 's');
    expect(app.lines()[1]).toContain('sort: name');
    expect(order()).toEqual(['Action API - query', 'MediaWiki REST - page', 'MediaWiki REST - search']);
  });

  it('keeps the active team, filter and sort visible in a 100-column header', async () => {
    const app = await renderApp(fleetStore({ team: 'mwi' }), { columns: 100 });
    await app.press('/');
    await app.type('page');
    await app.press(KEY.enter, 's');
    const header = app.lines().slice(0, 2).join('\n');
    expect(header).toContain('team: mwi');
    expect(header).toContain('filter: page');
    expect(header).toContain('sort: latency');
  });

  it('quits on q and on Ctrl-C', async () => {
    const app = await renderApp(fleetStore());
    await app.press('q');
    await app.press('\u0003');
    expect(app.quits()).toBe(2);
  });

  it('emits no colour codes at all with colour off (NO_COLOR): the selection alone is in inverse video', async () => {
    const app = await renderApp(fleetStore(), { colour: false });
    const codes = (frame: string): string[] => frame.match(/\u001b\[[0-9;]*m/g) ?? [];
    expect(codes(app.rawFrame())).toEqual(['\u001b[7m', '\u001b[27m']);
    const selected = app.rawFrame().split('\n').find((l) => l.includes('›'))!;
    expect(selected.startsWith('\u001b[7m›')).toBe(true);
    await app.press(KEY.enter);
    await app.waitForFrame((f) => f.includes('URL'), 'detail');
    expect(app.rawFrame()).not.toContain(ESC);
  });

  it.each([
    { view: 'list', keys: [] as string[] },
    { view: 'detail', keys: [KEY.enter] },
    { view: 'help', keys: ['?'] },
    { view: 'team picker', keys: ['t'] },
  ])('never draws the $view taller than rows - 1, even after a resize', async ({ keys }) => {
    const app = await renderApp(bigStore(), { rows: 20, columns: 120 });
    await app.press(...keys);
    expect(app.lines().length).toBeLessThanOrEqual(19);
    await app.resize({ columns: 80, rows: 12 });
    expect(app.lines().length).toBeLessThanOrEqual(11);
    await app.resize({ columns: 60, rows: 40 });
    expect(app.lines().length).toBeLessThanOrEqual(39);
  });

  it('drops columns on a narrow terminal', async () => {
    const app = await renderApp(fleetStore(), { columns: 140 });
    expect(app.lines()[2]).toContain('family');
    await app.resize({ columns: 70, rows: 30 });
    expect(app.lines()[2]).not.toContain('family');
    expect(app.lines()[2]).not.toContain('avail');
    expect(app.lines()[2]).toContain('p95 ms');
  });
});

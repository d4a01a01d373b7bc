import { describe, expect, it } from 'vitest';
import { computeRows } from '../../source/state/selectors.js';
import { UNASSIGNED } from '../../source/core/labels.js';
import { FLEET, FLEET_METRICS, fleetStore } from '../helpers/fleet.js';
import { failing, healthy, slow, summary } from '../helpers/summaries.js';

const groups = (filter = '', team?: string, sort: 'health' | 'latency' | '5xx' | 'name' = 'name') =>
  computeRows(FLEET, FLEET_METRICS, filter, team, sort).lines.map((line) =>
    line.kind === 'group' ? `# ${line.team?.id ?? 'unassigned'}` : line.api.id,
  );

describe('computeRows', () => {
  it('groups APIs by owning team, the Unassigned group first, then teams in config order', () => {
    expect(groups()).toEqual(['# unassigned', 'portal', '# mwi', 'action-query', 'mw-page', 'mw-search', '# ctt', 'rest-html', 'rest-summary']);
  });

  it('counts failing and degraded APIs per group', () => {
    const mwi = computeRows(FLEET, FLEET_METRICS, '', undefined, 'name').lines.find((l) => l.kind === 'group' && l.team?.id === 'mwi');
    expect(mwi).toMatchObject({ total: 3, failing: 1, degraded: 1 });
  });

  it('maps each selectable row to its line', () => {
    const rows = computeRows(FLEET, FLEET_METRICS, '', undefined, 'name');
    expect(rows.apis).toHaveLength(6);
    rows.apis.forEach((api, row) => expect(rows.lines[rows.lineOfRow[row]!]).toEqual({ kind: 'api', api, row }));
  });

  it.each([
    { filter: 'search', rows: ['# mwi', 'mw-search'] },
    { filter: 'SEARCH', rows: ['# mwi', 'mw-search'] },
    { filter: 'wikimedia rest', rows: ['# ctt', 'rest-html', 'rest-summary'] },
    { filter: 'content transform', rows: ['# ctt', 'rest-html', 'rest-summary'] },
    { filter: 'ctt', rows: ['# ctt', 'rest-html', 'rest-summary'] },
    { filter: 'unassigned', rows: ['# unassigned', 'portal'] },
    { filter: 'nothing like this', rows: [] },
  ])('the text filter $filter matches name, family and team', ({ filter, rows }) => {
    expect(groups(filter)).toEqual(rows);
  });

  it.each([
    { team: 'ctt', rows: ['# ctt', 'rest-html', 'rest-summary'] },
    { team: UNASSIGNED.id, rows: ['# unassigned', 'portal'] },
  ])('the team filter $team shows that group only', ({ team, rows }) => {
    expect(groups('', team)).toEqual(rows);
  });

  it('combines the team and text filters', () => {
    expect(groups('page', 'mwi')).toEqual(['# mwi', 'mw-page']);
  });

  it.each([
    { sort: 'health', mwi: ['mw-search', 'action-query', 'mw-page'] },
    { sort: 'latency', mwi: ['action-query', 'mw-search', 'mw-page'] },
    { sort: '5xx', mwi: ['mw-search', 'action-query', 'mw-page'] },
    { sort: 'name', mwi: ['action-query', 'mw-page', 'mw-search'] },
  ] as const)('sorts within each group by $sort', ({ sort, mwi }) => {
    const lines = groups('', 'mwi', sort);
    expect(lines.slice(1)).toEqual(mwi);
  });

  it.each([
    { sort: 'latency', first: 'rest-summary', metrics: { ...FLEET_METRICS, 'rest-summary': slow({ latency: { p50: 900, p95: 3000, p99: 3500 } }) } },
    { sort: '5xx', first: 'portal', metrics: { ...FLEET_METRICS, portal: failing({ errorRate5xx: 0.9 }) } },
  ] as const)('under $sort the worst API of the whole fleet is the first row: its group goes first', ({ sort, first, metrics }) => {
    const rows = computeRows(FLEET, metrics, '', undefined, sort);
    expect(rows.apis[0]!.id).toBe(first);
  });

  it('puts APIs without data after failing and degraded ones when sorting by health', () => {
    const rows = computeRows(FLEET, { 'mw-search': FLEET_METRICS['mw-search']! }, '', 'mwi', 'health');
    expect(rows.apis.map((a) => a.id)).toEqual(['mw-search', 'action-query', 'mw-page']);
  });
});

describe('rows as the store selects them', () => {
  const rowsOf = (store: ReturnType<typeof fleetStore>) => store.getState().selectRows(store.getState());
  const stats = { probesPerSecond: 0, totalProbes: 0, lastUpdate: 0, startedAt: 0 };

  it('returns the same result object until an input changes', () => {
    const store = fleetStore();
    const first = rowsOf(store);
    store.getState().actions.moveCursor(1);
    expect(rowsOf(store)).toBe(first);
    store.getState().actions.typeFilter('x');
    expect(rowsOf(store)).not.toBe(first);
  });

  it('keeps the rows when a flush changes figures but no API changes health', () => {
    const store = fleetStore();
    const first = rowsOf(store);
    store.getState().actions.applyMetrics({ 'mw-page': healthy({ latency: { p50: 41, p95: 91, p99: 121 } }) }, stats);
    expect(rowsOf(store)).toBe(first);
  });

  it('regroups when a flush changes an API\'s health', () => {
    const store = fleetStore();
    const first = rowsOf(store);
    store.getState().actions.applyMetrics({ 'mw-page': failing() }, stats);
    const next = rowsOf(store);
    expect(next).not.toBe(first);
    expect(next.lines.find((l) => l.kind === 'group' && l.team?.id === 'mwi')).toMatchObject({ failing: 2 });
  });

  it('resorts on every flush when sorted by latency', () => {
    const store = fleetStore();
    store.getState().actions.cycleSort();
    const first = rowsOf(store);
    store.getState().actions.applyMetrics({ 'mw-page': healthy({ latency: { p50: 40, p95: 900, p99: 950 } }) }, stats);
    const order = rowsOf(store).apis.map((api) => api.id);
    expect(order.indexOf('mw-page')).toBeLessThan(order.indexOf('mw-search'));
    expect(first.apis.map((api) => api.id).indexOf('mw-page')).toBeGreaterThan(first.apis.map((api) => api.id).indexOf('mw-search'));
  });

  it.each([
    ['health', ''],
    ['name', ''],
    ['health', 'mw'],
  ] as const)('moves only the changed rows and still matches a full regroup (sort %s, filter "%s")', (sort, filter) => {
    const store = fleetStore();
    const { actions } = store.getState();
    while (store.getState().ui.sort !== sort) actions.cycleSort();
    if (filter) actions.typeFilter(filter);
    const kinds = [healthy, failing, slow, () => summary({ samples: 0 })];
    const ids = FLEET.apis.map((api) => api.id);
    for (let step = 0; step < 40; step++) {
      const id = ids[(step * 7) % ids.length]!;
      actions.applyMetrics({ [id]: kinds[(step * 3) % kinds.length]!() }, stats);
      const state = store.getState();
      expect(rowsOf(store)).toEqual(computeRows(FLEET, state.metrics, filter, undefined, sort));
    }
  });
});

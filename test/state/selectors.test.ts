import { describe, expect, it } from 'vitest';
import { computeRows, createRowsSelector, fleetCounts, UNASSIGNED } from '../../source/state/selectors.js';
import { INITIAL_UI } from '../../source/state/ui-state.js';
import { FLEET, FLEET_METRICS } from '../helpers/fleet.js';
import { failing, healthy } from '../helpers/summaries.js';

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
    { team: UNASSIGNED, rows: ['# unassigned', 'portal'] },
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

  it('puts APIs without data after failing and degraded ones when sorting by health', () => {
    const rows = computeRows(FLEET, { 'mw-search': FLEET_METRICS['mw-search']! }, '', 'mwi', 'health');
    expect(rows.apis.map((a) => a.id)).toEqual(['mw-search', 'action-query', 'mw-page']);
  });
});

describe('createRowsSelector', () => {
  it('returns the same result object until an input changes', () => {
    const select = createRowsSelector();
    const state = { config: FLEET, metrics: FLEET_METRICS, ui: INITIAL_UI };
    const first = select(state);
    expect(select({ ...state })).toBe(first);
    expect(select({ ...state, ui: { ...INITIAL_UI, filterDraft: 'x' } })).not.toBe(first);
  });

  it('keeps the rows when a flush changes figures but no API changes health', () => {
    const select = createRowsSelector();
    const state = { config: FLEET, metrics: FLEET_METRICS, ui: INITIAL_UI };
    const first = select(state);
    const flushed = { ...FLEET_METRICS, 'mw-page': healthy({ latency: { p50: 41, p95: 91, p99: 121 } }) };
    expect(select({ ...state, metrics: flushed })).toBe(first);
  });

  it('regroups when a flush changes an API\'s health', () => {
    const select = createRowsSelector();
    const state = { config: FLEET, metrics: FLEET_METRICS, ui: INITIAL_UI };
    const first = select(state);
    const flushed = { ...FLEET_METRICS, 'mw-page': failing() };
    const next = select({ ...state, metrics: flushed });
    expect(next).not.toBe(first);
    expect(next.lines.find((l) => l.kind === 'group' && l.team?.id === 'mwi')).toMatchObject({ failing: 2 });
  });
});

describe('fleetCounts', () => {
  it('counts APIs by health and the unassigned ones', () => {
    expect(fleetCounts(FLEET, FLEET_METRICS)).toEqual({ apis: 6, healthy: 3, degraded: 2, failing: 1, unknown: 0, unassigned: 1 });
    expect(fleetCounts(FLEET, {})).toMatchObject({ unknown: 6, healthy: 0 });
  });
});
